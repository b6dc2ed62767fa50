"""Staff places (StaffMembership) now belong to organisations; API keys and OIDC clients point at
organisations.Department. State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_oidc_code_redemption'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='staffmembership',
                    name='membership_unique',
                ),
                migrations.AlterField(
                    model_name='apikey',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='api_keys', to='organisations.department'),
                ),
                migrations.AlterField(
                    model_name='oidcclientprofile',
                    name='department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='organisations.department'),
                ),
                migrations.DeleteModel(
                    name='StaffMembership',
                ),
            ],
        ),
    ]
