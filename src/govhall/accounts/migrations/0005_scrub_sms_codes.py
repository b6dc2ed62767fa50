"""No one-time code is kept in clear: mask the codes in the operator's SMS outbox and drop the queued code messages
(tasks of the former `deliver_sms`, whose arguments held the phone and the code; such a code has long expired)."""

import re

from django.db import migrations

CODE = re.compile(r"(?<!\d)\d{4,8}(?!\d)")


def scrub(apps, schema_editor):  # type: ignore[no-untyped-def]
    outbox = apps.get_model("accounts", "OutboundSms")
    for message in outbox.objects.only("pk", "text").iterator():
        masked = CODE.sub(lambda found: "*" * len(found.group()), message.text)
        if masked != message.text:
            outbox.objects.filter(pk=message.pk).update(text=masked)
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    tasks.objects.filter(task_path="govhall.accounts.security.deliver_sms").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_keys"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
