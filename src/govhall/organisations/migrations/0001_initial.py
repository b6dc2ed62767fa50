"""Departments, halls and staff places, moved from catalog and accounts with their tables (catalog_department,
catalog_hall, accounts_staffmembership). State only (issue 10): no SQL runs, the tables stay."""

import django.db.models.deletion
import govhall.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0006_oidc_code_redemption'),
        ('catalog', '0004_form_fields_commitment_review_steps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Department',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='部门名称')),
                        ('uscc', models.CharField(blank=True, help_text='GB 32100，18 位', max_length=18, validators=[govhall.core.validators.validate_uscc], verbose_name='统一社会信用代码')),
                        ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('city', '市级'), ('county', '县级'), ('town', '镇（乡、街道）级')], default='county', max_length=12, verbose_name='层级')),
                        ('area_code', models.CharField(max_length=12, validators=[govhall.core.validators.validate_area_code], verbose_name='行政区划代码')),
                        ('address', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                        ('consult_phone', models.CharField(blank=True, max_length=50, verbose_name='咨询电话')),
                        ('complaint_phone', models.CharField(blank=True, max_length=50, verbose_name='投诉电话')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='电子邮箱')),
                        ('order', models.PositiveIntegerField(default=100, verbose_name='排序')),
                    ],
                    options={
                        'verbose_name': '部门',
                        'verbose_name_plural': '部门',
                        'db_table': 'catalog_department',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Hall',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='大厅名称')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='标识')),
                        ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('city', '市级'), ('county', '县级'), ('town', '镇（乡、街道）级')], default='county', max_length=12, verbose_name='层级')),
                        ('area_code', models.CharField(max_length=12, validators=[govhall.core.validators.validate_area_code], verbose_name='行政区划代码')),
                        ('address', models.CharField(max_length=200, verbose_name='地址')),
                        ('phone', models.CharField(max_length=50, verbose_name='咨询电话')),
                        ('opening_hours', models.TextField(help_text='每行一段，如：周一至周五 9:00-12:00，13:30-17:30', verbose_name='办公时间')),
                        ('transport', models.CharField(blank=True, max_length=200, verbose_name='交通指引')),
                        ('latitude', models.DecimalField(decimal_places=6, max_digits=9, verbose_name='纬度')),
                        ('longitude', models.DecimalField(decimal_places=6, max_digits=9, verbose_name='经度')),
                        ('has_self_service', models.BooleanField(default=False, verbose_name='设有自助终端')),
                        ('is_open', models.BooleanField(default=True, verbose_name='开放中')),
                        ('departments', models.ManyToManyField(blank=True, related_name='halls', to='organisations.department', verbose_name='进驻部门')),
                        ('items', models.ManyToManyField(blank=True, help_text='在本大厅可办理的事项', related_name='halls', to='catalog.item', verbose_name='可办事项')),
                    ],
                    options={
                        'verbose_name': '服务大厅',
                        'verbose_name_plural': '服务大厅',
                        'db_table': 'catalog_hall',
                        'ordering': ['level', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('window_clerk', '窗口人员'), ('reviewer', '审查人员'), ('approver', '审批人员'), ('supervisor', '效能监察人员'), ('catalog_manager', '事项管理员'), ('operator', '运维人员')], max_length=20, verbose_name='角色')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='organisations.department')),
                        ('hall', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='organisations.hall')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '岗位',
                        'verbose_name_plural': '岗位',
                        'db_table': 'accounts_staffmembership',
                    },
                ),
                migrations.AddConstraint(
                    model_name='hall',
                    constraint=models.CheckConstraint(condition=models.Q(('latitude__gte', -90), ('latitude__lte', 90)), name='hall_latitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='hall',
                    constraint=models.CheckConstraint(condition=models.Q(('longitude__gte', -180), ('longitude__lte', 180)), name='hall_longitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='staffmembership',
                    constraint=models.UniqueConstraint(fields=('user', 'department', 'role'), name='membership_unique'),
                ),
            ],
        ),
    ]
