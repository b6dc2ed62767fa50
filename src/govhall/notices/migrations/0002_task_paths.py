"""Tasks queued before the notices moved (issue 10) name their function by its old path; django_tasks_db imports the
path when it runs the row, so the rows still waiting are pointed at the new homes."""

from django.db import migrations

MOVED = {
    "govhall.cases.notifications.retry_pending_deliveries": "govhall.notices.sending.retry_pending_deliveries",
    "govhall.evaluation.notifications.send_notice": "govhall.notices.services.send_notice",
}


def rename(apps, schema_editor, moves=MOVED):  # type: ignore[no-untyped-def]
    rows = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in moves.items():
        rows.filter(task_path=old).update(task_path=new)


def rename_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
