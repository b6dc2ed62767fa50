"""Notification and Delivery moved to the notices app (issue 10); their tables (cases_notification, cases_delivery)
stay, now owned by notices. After the foreign keys of evaluation and outreach point there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_department_hall_in_organisations"),
        ("notices", "0001_initial"),
        ("evaluation", "0003_reminder_notification_in_notices"),
        ("outreach", "0002_contact_notification_in_notices"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Delivery"), migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
