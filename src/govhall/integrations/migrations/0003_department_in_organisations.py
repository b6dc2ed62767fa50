"""Foreign keys to departments and halls point at organisations (moved from catalog). State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('integrations', '0002_webhook_sending_state'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='departmentendpoint',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='endpoints', to='organisations.department', verbose_name='部门'),
                ),
            ],
        ),
    ]
