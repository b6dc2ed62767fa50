"""The transparency log's rows: entries (leaves), the perfect subtrees above them, and signed tree heads.

Append-only by service (services.append): nothing updates or deletes an entry; `manage.py verify_log` recomputes every
hash from the entries and compares it with what is stored and what was signed, so a changed row is found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogState(models.Model):
    """One row: the log's size. Appending first increments it (a row lock on PostgreSQL, the write lock on SQLite), so
    indexes are dense and concurrent appends queue."""

    size = models.PositiveBigIntegerField(_("条目数"), default=0)

    class Meta:
        verbose_name = _("存证日志状态")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return str(self.size)


class LogEntry(models.Model):
    index = models.PositiveBigIntegerField(_("序号"), primary_key=True)
    entry = models.BinaryField(_("条目内容"))
    leaf_hash = models.BinaryField(_("叶哈希"), max_length=32)
    created_at = models.DateTimeField(_("写入时间"), auto_now_add=True)

    class Meta:
        ordering = ["index"]
        verbose_name = _("存证条目")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"#{self.index}"


class MerkleNode(models.Model):
    """The hash of a complete (perfect) subtree of level ≥ 1: leaves [position·2^level, (position+1)·2^level)."""

    level = models.PositiveSmallIntegerField(_("层"))
    position = models.PositiveBigIntegerField(_("位置"))
    hash = models.BinaryField(_("哈希"), max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "position"], name="transparency_node_unique")]
        verbose_name = _("默克尔树节点")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.level}/{self.position}"


class SignedTreeHead(models.Model):
    tree_size = models.PositiveBigIntegerField(_("树大小"))
    root_hash = models.CharField(_("根哈希"), max_length=64)
    timestamp = models.PositiveBigIntegerField(_("时间戳（毫秒）"))
    signature = models.CharField(_("SM2 签名（r‖s）"), max_length=128)
    key_id = models.CharField(_("密钥标识"), max_length=16)
    public_key = models.CharField(_("公钥"), max_length=130)

    class Meta:
        ordering = ["-tree_size", "-timestamp"]
        get_latest_by = ["tree_size", "timestamp"]
        verbose_name = _("签名树头")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"STH {self.tree_size} @ {self.timestamp}"
