"""Departments (实施主体), service halls and the staff places in them: the lowest domain layer, above core only. Moved
from catalog and accounts in issue 10, keeping their tables (migration 0001 is state-only)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.validators import validate_area_code, validate_uscc
from govhall.organisations.constants import ExerciseLevel, Role


class Department(models.Model):
    """An implementing body (实施主体): a department that handles items."""

    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc], help_text=_("GB 32100，18 位")
    )
    level = models.CharField(_("层级"), max_length=12, choices=ExerciseLevel.choices, default=ExerciseLevel.COUNTY)
    area_code = models.CharField(_("行政区划代码"), max_length=12, validators=[validate_area_code])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        db_table = "catalog_department"
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Hall(models.Model):
    """A service hall (政务服务大厅 / 便民服务中心) where people go in person."""

    name = models.CharField(_("大厅名称"), max_length=100, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    code = models.CharField(
        _("大厅编码"), max_length=20, unique=True, help_text=_("大写字母、数字和连字符，如 GA-ZX；接口中用来指明大厅")
    )
    level = models.CharField(_("层级"), max_length=12, choices=ExerciseLevel.choices, default=ExerciseLevel.COUNTY)
    area_code = models.CharField(_("行政区划代码"), max_length=12, validators=[validate_area_code])
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("咨询电话"), max_length=50)
    opening_hours = models.TextField(
        _("办公时间说明"),
        help_text=_("给群众看的文字，如：周一至周五 9:00-12:00，13:30-17:30；可预约的时段以下方“开放时段”为准"),
    )
    open_on_holidays = models.BooleanField(
        _("节假日不打烊"), default=False, help_text=_("勾选后法定节假日也按周六的开放时段开放")
    )
    transport = models.CharField(_("交通指引"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    departments = models.ManyToManyField(Department, verbose_name=_("进驻部门"), blank=True, related_name="halls")
    items = models.ManyToManyField(
        "catalog.Item",
        verbose_name=_("可办事项"),
        blank=True,
        related_name="halls",
        help_text=_("在本大厅可办理的事项"),
    )
    has_self_service = models.BooleanField(_("设有自助终端"), default=False)
    is_open = models.BooleanField(_("开放中"), default=True)

    class Meta:
        db_table = "catalog_hall"
        verbose_name = _("服务大厅")
        verbose_name_plural = _("服务大厅")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(latitude__gte=-90, latitude__lte=90), name="hall_latitude_range"),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180), name="hall_longitude_range"
            ),
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z0-9-]{2,20}$"), name="hall_code_format"),
        ]

    def __str__(self) -> str:
        return self.name


class HallSession(models.Model):
    """One opening session of a hall on a day of the week (周一 9:00–12:00). Which sessions hold on a date follows the
    working-day calendar: organisations.hours.sessions_on is the one home of that rule."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("周一")
        TUESDAY = 1, _("周二")
        WEDNESDAY = 2, _("周三")
        THURSDAY = 3, _("周四")
        FRIDAY = 4, _("周五")
        SATURDAY = 5, _("周六")
        SUNDAY = 6, _("周日")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("开放时段")
        verbose_name_plural = _("开放时段")
        ordering = ["hall", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="hall_session_weekday_valid"),
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="hall_session_start_before_end"),
            models.UniqueConstraint(fields=["hall", "weekday", "start"], name="hall_session_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class WindowGroup(models.Model):
    """A group of windows in a hall serving the same items (综合受理 A区, 不动产 B区 …): what a ticket queues for and an
    appointment books. `code` is the letter in front of the ticket number (A012)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="window_groups")
    code = models.CharField(_("取号字母"), max_length=2, help_text=_("票号前缀，如 A"))
    name = models.CharField(_("分组名称"), max_length=60)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("办理事项"), blank=True, related_name="window_groups")
    order = models.PositiveIntegerField(_("排序"), default=100)
    bookable = models.BooleanField(_("接受预约"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(_("预约时段长度（分钟）"), default=30)
    slot_capacity = models.PositiveSmallIntegerField(_("每个时段可预约人数"), default=2)

    class Meta:
        verbose_name = _("窗口分组")
        verbose_name_plural = _("窗口分组")
        ordering = ["hall", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="window_group_code_unique"),
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{1,2}$"), name="window_group_code_letters"),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, slot_minutes__lte=240), name="window_group_slot_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hall} {self.code} {self.name}"


class Window(models.Model):
    """One counter (5号窗口) in a hall, serving one or more window groups."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="windows")
    number = models.CharField(_("窗口号"), max_length=10, help_text=_("如 5"))
    groups = models.ManyToManyField(WindowGroup, verbose_name=_("服务分组"), related_name="windows")
    is_open = models.BooleanField(_("开放中"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["hall", "number"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique")]

    def __str__(self) -> str:
        return f"{self.hall} {self.number}号窗口"


class StaffMembership(models.Model):
    """A member of staff's place: a department (and possibly a hall) and a role there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="staff")
    hall = models.ForeignKey(Hall, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        db_table = "accounts_staffmembership"
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["user", "department", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"
