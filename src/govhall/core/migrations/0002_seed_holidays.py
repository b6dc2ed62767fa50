"""Fills the Holiday table from chinesecalendar for every year it knows (2004–2026 at the time of writing)."""

from django.db import migrations


def seed(apps, schema_editor):
    from govhall.core.holiday_seed import chinese_calendar_rows

    Holiday = apps.get_model("core", "Holiday")
    existing = set(Holiday.objects.values_list("date", flat=True))
    rows = [
        Holiday(date=row.date, is_working_day=row.is_working_day, name=row.name)
        for row in chinese_calendar_rows()
        if row.date not in existing
    ]
    Holiday.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
