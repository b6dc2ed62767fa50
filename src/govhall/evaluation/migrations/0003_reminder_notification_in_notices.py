"""The reminder's message is a notices.Notification now (the same table, cases_notification: no SQL runs)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_department_hall_in_organisations"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ratingreminder",
                    name="notification",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="notices.notification",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
