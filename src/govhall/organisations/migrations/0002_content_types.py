"""The content types (and so Django's permissions and admin log entries) of the moved models follow them to
organisations (issue 10). A database migrated from zero has none yet: nothing to do."""

from django.db import migrations

MOVED = {"department": "catalog", "hall": "catalog", "staffmembership": "accounts"}


def move_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, old in MOVED.items():
        source, target = (old, "organisations") if forward else ("organisations", old)
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0001_initial"),
        ("catalog", "0005_departments_halls_to_organisations"),
        ("accounts", "0007_staff_places_to_organisations"),
    ]

    operations = [migrations.RunPython(move_content_types, move_back, elidable=False)]
