"""The keys of personal data and the database they belong to.

A database remembers, in KeyCheck rows, what its keys produce: a Fernet token of a known text under the field key its
data is encrypted with, and the hash of that text under the blind-index key its indexes were computed with. The
system checks compare the configured keys with them at every start (a restore under other keys is refused with a
message naming the key), and `manage.py rotate_keys` moves every stored value onto the newest keys."""

import hashlib
import hmac
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.db import DatabaseError, connection, models, transaction

from govhall.core import audit
from govhall.core.crypto import BLIND_INDEXES, EncryptedTextField, blind_index, decrypt, encrypt, is_under_newest_key
from govhall.core.models import KeyCheck

CHECK_TEXT = "GovHall key check"
FIELD_CHECK = "field_encryption"
BLIND_CHECK = "blind_index"
MISMATCH = "加密密钥与数据库不匹配："


class KeyMismatch(RuntimeError):
    """The configured keys cannot read what this database holds."""


def blind_check_value(key: bytes) -> str:
    return hmac.new(key, CHECK_TEXT.encode(), hashlib.sha256).hexdigest()


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if fields:
            yield model, fields


def _raw_rows(
    model: type[models.Model], fields: list[EncryptedTextField], after: Any, limit: int
) -> list[tuple[Any, ...]]:
    """(pk, stored token, ...) as the database holds them, in pk order after `after`."""
    quote = connection.ops.quote_name
    pk = quote(str(model._meta.pk.column))
    columns = ", ".join(quote(str(field.column)) for field in fields)
    where = f"WHERE {pk} > %s " if after is not None else ""
    sql = f"SELECT {pk}, {columns} FROM {quote(model._meta.db_table)} {where}ORDER BY {pk} LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, limit] if after is not None else [limit])
        return list(cursor.fetchall())


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


# Recording ------------------------------------------------------------------------------------------------------


def _field_key_of_data(sample: int) -> str:
    """The configured field key the stored data is encrypted with (checked on a sample of every encrypted column)."""
    tables = _tables()
    found: set[int] = set()
    keys = settings.FIELD_ENCRYPTION_KEYS
    for model, fields in encrypted_fields():
        if model._meta.db_table not in tables:
            continue
        for row in _raw_rows(model, fields, None, sample):
            for field, token in zip(fields, row[1:], strict=True):
                if not token:
                    continue
                position = next((i for i, key in enumerate(keys) if _opens(key, token)), None)
                if position is None:
                    raise KeyMismatch(
                        f"{MISMATCH}FIELD_ENCRYPTION_KEYS 中没有一个密钥能解开 {model._meta.label}.{field.name}"
                        f"（第 {row[0]} 行）。请配置这个数据库原来的密钥。"
                    )
                found.add(position)
    return keys[max(found)] if found else keys[0]


def _opens(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _blind_key_of_data(sample: int) -> bytes:
    tables = _tables()
    keys = settings.BLIND_INDEX_KEYS
    matched: set[int] = set()
    for entry in BLIND_INDEXES:
        model = apps.get_model(entry.model)
        if model._meta.db_table not in tables:
            continue
        rows = model._default_manager.exclude(**{entry.index: ""}).order_by("pk")[:sample]
        for row in rows.values_list(entry.source, entry.index):
            position = next((i for i, key in enumerate(keys) if blind_index(row[0], key) == row[1]), None)
            if position is None:
                raise KeyMismatch(
                    f"{MISMATCH}BLIND_INDEX_KEYS 中没有一个密钥能重现 {entry.model}.{entry.index}。"
                    "请配置这个数据库原来的盲索引密钥。"
                )
            matched.add(position)
    return keys[max(matched)] if matched else keys[0]


def record_key_checks(*, sample: int = 20) -> bool:
    """Write the check values when the database has none yet (a new database, or one migrated from before they
    existed), after making sure the configured keys read the data already there. True when written."""
    if KeyCheck._meta.db_table not in _tables() or KeyCheck.objects.exists():
        return False
    field_key = _field_key_of_data(sample)
    blind_key = _blind_key_of_data(sample)
    with transaction.atomic():
        KeyCheck.objects.create(
            name=FIELD_CHECK, value=Fernet(field_key.encode()).encrypt(CHECK_TEXT.encode()).decode()
        )
        KeyCheck.objects.create(name=BLIND_CHECK, value=blind_check_value(blind_key))
    return True


def record_after_migrate(**kwargs: Any) -> None:
    """post_migrate: the first migrate of a database records its check values."""
    if kwargs.get("using", "default") == "default":
        record_key_checks()


# Comparing ------------------------------------------------------------------------------------------------------


def key_problems() -> list[CheckMessage]:
    """What is wrong between the configured keys and this database's check values (empty when they agree)."""
    try:
        if KeyCheck._meta.db_table not in _tables():
            return []  # not migrated yet: migrate records the values
        stored = dict(KeyCheck.objects.values_list("name", "value"))
    except DatabaseError as exc:
        return [Warning(f"无法读取数据库，未能核对加密密钥：{exc}", id="govhall.W010")]
    if not stored:
        return [Warning("数据库中还没有密钥核对值：运行 manage.py migrate 记录。", id="govhall.W011")]
    problems: list[CheckMessage] = []
    token = stored.get(FIELD_CHECK, "")
    if not is_under_newest_key(token):
        try:
            opened = decrypt(token) == CHECK_TEXT
        except ValueError:
            opened = False
        if opened:
            problems.append(
                Warning(
                    "FIELD_ENCRYPTION_KEYS 的第一个（最新）密钥尚未用于全部数据：运行 manage.py rotate_keys，"
                    "完成前不要删去旧密钥。",
                    id="govhall.W012",
                )
            )
        else:
            problems.append(
                Error(
                    f"{MISMATCH}FIELD_ENCRYPTION_KEYS 中没有一个密钥能解开这个数据库的核对值，"
                    "数据库里的个人信息是用别的密钥加密的。",
                    hint="配置这个数据库（或这份备份）原来的 FIELD_ENCRYPTION_KEYS；新密钥放在最前，旧密钥保留在后。",
                    id="govhall.E002",
                )
            )
    index_value = stored.get(BLIND_CHECK, "")
    keys = settings.BLIND_INDEX_KEYS
    if index_value != blind_check_value(keys[0]):
        if any(index_value == blind_check_value(key) for key in keys[1:]):
            problems.append(
                Error(
                    f"{MISMATCH}BLIND_INDEX_KEYS 的第一个（最新）密钥尚未用于这个数据库的盲索引（轮换未完成），"
                    "按手机号、证件号查找会找不到人。",
                    hint="先运行 manage.py rotate_keys 重建盲索引，再启动服务。",
                    id="govhall.E004",
                )
            )
        else:
            problems.append(
                Error(
                    f"{MISMATCH}BLIND_INDEX_KEYS 与这个数据库的盲索引不符，按手机号、证件号查找会找不到人。",
                    hint="配置这个数据库（或这份备份）原来的 BLIND_INDEX_KEYS。",
                    id="govhall.E003",
                )
            )
    return problems


# Rotating -------------------------------------------------------------------------------------------------------


def rotate_keys(*, batch_size: int = 500, progress: Callable[[str], None] = lambda line: None) -> dict[str, int]:
    """Re-encrypt every encrypted value not yet under the newest field key and recompute every blind index with the
    newest blind-index key, a batch per transaction, then record the new check values. A row already done is left
    alone, so the command is idempotent and can be run again after an interruption."""
    key_problems_now = [problem for problem in key_problems() if problem.id in {"govhall.E002", "govhall.E003"}]
    if key_problems_now:
        raise KeyMismatch("\n".join(problem.msg for problem in key_problems_now))
    counts = {"re_encrypted": 0, "re_indexed": 0}
    for model, fields in encrypted_fields():
        done = _re_encrypt(model, fields, batch_size)
        counts["re_encrypted"] += done
        progress(f"{model._meta.label}: {done} re-encrypted")
    for entry in BLIND_INDEXES:
        done = _re_index(apps.get_model(entry.model), entry.source, entry.index, batch_size)
        counts["re_indexed"] += done
        progress(f"{entry.model}.{entry.index}: {done} re-indexed")
    with transaction.atomic():
        KeyCheck.objects.update_or_create(name=FIELD_CHECK, defaults={"value": encrypt(CHECK_TEXT)})
        KeyCheck.objects.update_or_create(
            name=BLIND_CHECK, defaults={"value": blind_check_value(settings.BLIND_INDEX_KEYS[0])}
        )
        audit.record(actor=None, action="core.rotate_keys", detail=counts)
    return counts


def _re_encrypt(model: type[models.Model], fields: list[EncryptedTextField], batch_size: int) -> int:
    done, after = 0, None
    while rows := _raw_rows(model, fields, after, batch_size):
        with transaction.atomic():
            for row in rows:
                changes = {}
                for field, token in zip(fields, row[1:], strict=True):
                    if token and not is_under_newest_key(token):
                        try:
                            changes[field.name] = decrypt(token)
                        except ValueError as exc:
                            raise KeyMismatch(
                                f"{MISMATCH}FIELD_ENCRYPTION_KEYS 中没有一个密钥能解开 {model._meta.label}."
                                f"{field.name}（第 {row[0]} 行）。"
                            ) from exc
                if changes:
                    model._default_manager.filter(pk=row[0]).update(**changes)  # saved under the newest key
                    done += 1
        after = rows[-1][0]
    return done


def _re_index(model: type[models.Model], source: str, index: str, batch_size: int) -> int:
    done, after = 0, None
    while True:
        rows = model._default_manager.order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(rows.values_list("pk", source, index)[:batch_size])
        if not batch:
            return done
        with transaction.atomic():
            for pk, value, stored in batch:
                fresh = blind_index(value) if value else ""
                if fresh != stored:
                    model._default_manager.filter(pk=pk).update(**{index: fresh})
                    done += 1
        after = batch[-1][0]
