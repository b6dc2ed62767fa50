"""Foreign keys to departments and halls point at organisations (moved from catalog). State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_seal_personal_form_data'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.department', verbose_name='承办部门'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='hall',
                    field=models.ForeignKey(blank=True, help_text='在窗口帮办代办时的收件大厅', null=True, on_delete=django.db.models.deletion.SET_NULL, to='organisations.hall', verbose_name='收件大厅'),
                ),
                migrations.AlterField(
                    model_name='visit',
                    name='hall',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='organisations.hall'),
                ),
            ],
        ),
    ]
