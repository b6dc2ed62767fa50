"""Departments and halls now belong to organisations; items point at organisations.Department. State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_staff_places_to_organisations'),
        ('cases', '0011_department_hall_in_organisations'),
        ('catalog', '0004_form_fields_commitment_review_steps'),
        ('evaluation', '0002_department_hall_in_organisations'),
        ('integrations', '0003_department_in_organisations'),
        ('organisations', '0001_initial'),
        ('supervision', '0004_department_in_organisations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='item',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='organisations.department', verbose_name='实施主体'),
                ),
                migrations.RemoveConstraint(
                    model_name='hall',
                    name='hall_latitude_range',
                ),
                migrations.RemoveConstraint(
                    model_name='hall',
                    name='hall_longitude_range',
                ),
                migrations.RemoveField(
                    model_name='hall',
                    name='departments',
                ),
                migrations.RemoveField(
                    model_name='hall',
                    name='items',
                ),
                migrations.DeleteModel(
                    name='Department',
                ),
                migrations.DeleteModel(
                    name='Hall',
                ),
            ],
        ),
    ]
