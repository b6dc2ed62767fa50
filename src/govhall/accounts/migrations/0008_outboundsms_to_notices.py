"""OutboundSms moved to notices (issue 10); its table accounts_outboundsms stays, now owned by notices."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_staff_places_to_organisations"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboundSms")],
            database_operations=[],
        ),
    ]
