"""The contact's message is a notices.Notification now (the same table, cases_notification: no SQL runs)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("outreach", "0001_campaigns_and_contacts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contact",
                    name="notification",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="outreach_contact",
                        to="notices.notification",
                        verbose_name="站内消息",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
