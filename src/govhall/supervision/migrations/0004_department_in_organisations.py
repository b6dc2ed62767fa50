"""Foreign keys to departments and halls point at organisations (moved from catalog). State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('supervision', '0003_remove_working_day_calendar'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='monthlyfigure',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.department'),
                ),
            ],
        ),
    ]
