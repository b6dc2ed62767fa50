"""Files without a row. A file is stored before its row is committed (uploads.transaction_with_files removes it when
the transaction rolls back, documents.issue_one when another worker wrote the same document), but a process killed
between the two (kill -9, a power cut) leaves the file alone on disk. `manage.py remove_orphan_files` (daily, from cron
or a systemd timer) removes such files once they are older than a day, so an upload still in progress is never
touched. A row is never left without its file: rows are deleted first and their files after the commit."""

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from govhall.cases.models import CaseDocument, LockerDocument

# The storage folders of files that belong to a row, and the model whose `file` names them.
FOLDERS: dict[str, type[LockerDocument] | type[CaseDocument]] = {"locker": LockerDocument, "documents": CaseDocument}
MINIMUM_AGE = timedelta(days=1)


def _files(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _files(storage, f"{folder}/{directory}")


def orphan_files(storage: Storage = default_storage) -> list[str]:
    """Stored files older than MINIMUM_AGE that no row names."""
    cutoff = timezone.now() - MINIMUM_AGE
    found = []
    for folder, model in FOLDERS.items():
        names = list(_files(storage, folder))
        known = set(model._default_manager.filter(file__in=names).values_list("file", flat=True))
        found += [name for name in names if name not in known and storage.get_modified_time(name) < cutoff]
    return found


def remove_orphan_files(storage: Storage = default_storage) -> list[str]:
    removed = orphan_files(storage)
    for name in removed:
        storage.delete(name)
    return removed
