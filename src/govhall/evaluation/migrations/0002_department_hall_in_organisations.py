"""Foreign keys to departments and halls point at organisations (moved from catalog). State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0001_ratings_rectifications_appeals'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='appeal',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appeals', to='organisations.department', verbose_name='申诉部门'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='organisations.department', verbose_name='承办部门'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='hall',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ratings', to='organisations.hall', verbose_name='大厅'),
                ),
                migrations.AlterField(
                    model_name='rectification',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rectifications', to='organisations.department', verbose_name='整改部门'),
                ),
                migrations.AlterField(
                    model_name='windowratingrequest',
                    name='hall',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.hall'),
                ),
            ],
        ),
    ]
