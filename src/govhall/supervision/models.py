"""Supervision's own tables: the monthly figure cells refreshed by the task worker and the log of refreshes (the
dashboard shows the last one's time)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    """The grouping sets a cell belongs to: every cell is one month of one department, alone ("") or split by one more
    dimension. A case adds to one cell of each set."""

    NONE = "", _("部门合计")
    ITEM = "item", _("事项")
    CHANNEL = "channel", _("渠道")
    HALL = "hall", _("大厅")
    HANDLER = "handler", _("工作人员")


# The counters of a cell, in the order of figures.COUNTERS (numerators and denominators of the figures).
COUNTER_FIELDS = (
    "submitted",
    "materials_required",
    "materials_exempted",
    "concluded",
    "on_time",
    "late",
    "visits",
    "zero_visit",
    "one_visit",
    "timed",
    "used_days",
    "statutory_days",
    "rated",
    "ratings",
    "good",
    "bad",
    "rectified",
    "called_back",
)


class MonthlyFigure(models.Model):
    """The counters of one month × department × (nothing | one item | channel | hall | member of staff). Case counters
    are attributed to the month of the case's own date (submitted: 申报; concluded and what follows: 办结); rating
    counters to the month of the rating. Written only by aggregates.refresh; figures are ratios of sums of these."""

    month = models.DateField(_("月份"))
    department = models.ForeignKey("organisations.Department", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("维度"), max_length=8, choices=Dimension.choices, blank=True)
    key = models.CharField(_("维度取值"), max_length=40, blank=True, help_text=_("事项、大厅、人员的编号或渠道代码"))
    submitted = models.PositiveIntegerField(default=0)
    materials_required = models.PositiveIntegerField(default=0)
    materials_exempted = models.PositiveIntegerField(default=0)
    concluded = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    zero_visit = models.PositiveIntegerField(default=0)
    one_visit = models.PositiveIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0)
    used_days = models.BigIntegerField(default=0)
    statutory_days = models.BigIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    bad = models.PositiveIntegerField(default=0)
    rectified = models.PositiveIntegerField(default=0)
    called_back = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("月度监察数据")
        verbose_name_plural = _("月度监察数据")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "department", "month", "key"], name="monthly_figure_cell"),
        ]
        indexes = [models.Index(fields=["dimension", "month"], name="monthly_figure_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department_id} {self.dimension}:{self.key}"


class FigureRefresh(models.Model):
    """One refresh of the monthly figures: full (rebuild) or incremental (recent months and months touched since)."""

    class Kind(models.TextChoices):
        FULL = "full", _("全量重建")
        INCREMENTAL = "incremental", _("增量刷新")

    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True, db_index=True)
    months = models.JSONField(_("刷新的月份"), default=list, blank=True)
    cells = models.PositiveIntegerField(_("写入单元数"), default=0)
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("监察数据刷新")
        verbose_name_plural = _("监察数据刷新")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"
