"""Opening hours as data (HallSession), a code per hall (the API names a hall by it), slot length and capacity per
window group. The code is added in three steps (nullable, filled, required); halls already there get the usual
weekday sessions (9:00–12:00, 13:30–17:30) so they stay bookable until someone enters their own."""

from datetime import time

import django.db.models.deletion
from django.db import migrations, models


def fill_codes_and_sessions(apps, schema_editor):
    Hall = apps.get_model("organisations", "Hall")
    HallSession = apps.get_model("organisations", "HallSession")
    for hall in Hall.objects.filter(code__isnull=True):
        hall.code = f"H{hall.pk:04d}"
        hall.save(update_fields=["code"])
        HallSession.objects.bulk_create(
            HallSession(hall=hall, weekday=weekday, start=start, end=end)
            for weekday in range(5)
            for start, end in ((time(9), time(12)), (time(13, 30), time(17, 30)))
        )


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_fee_amount_stage_postage_payer'),
        ('organisations', '0003_window_groups_and_windows'),
    ]

    operations = [
        migrations.CreateModel(
            name='HallSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, '周一'), (1, '周二'), (2, '周三'), (3, '周四'), (4, '周五'), (5, '周六'), (6, '周日')], verbose_name='星期')),
                ('start', models.TimeField(verbose_name='开始')),
                ('end', models.TimeField(verbose_name='结束')),
            ],
            options={
                'verbose_name': '开放时段',
                'verbose_name_plural': '开放时段',
                'ordering': ['hall', 'weekday', 'start'],
            },
        ),
        migrations.AddField(
            model_name='hall',
            name='code',
            field=models.CharField(help_text='大写字母、数字和连字符，如 GA-ZX；接口中用来指明大厅', max_length=20, null=True, unique=True, verbose_name='大厅编码'),
        ),
        migrations.AddField(
            model_name='hall',
            name='open_on_holidays',
            field=models.BooleanField(default=False, help_text='勾选后法定节假日也按周六的开放时段开放', verbose_name='节假日不打烊'),
        ),
        migrations.AddField(
            model_name='windowgroup',
            name='bookable',
            field=models.BooleanField(default=True, verbose_name='接受预约'),
        ),
        migrations.AddField(
            model_name='windowgroup',
            name='slot_capacity',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='每个时段可预约人数'),
        ),
        migrations.AddField(
            model_name='windowgroup',
            name='slot_minutes',
            field=models.PositiveSmallIntegerField(default=30, verbose_name='预约时段长度（分钟）'),
        ),
        migrations.AlterField(
            model_name='hall',
            name='opening_hours',
            field=models.TextField(help_text='给群众看的文字，如：周一至周五 9:00-12:00，13:30-17:30；可预约的时段以下方“开放时段”为准', verbose_name='办公时间说明'),
        ),
        migrations.AddField(
            model_name='hallsession',
            name='hall',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='organisations.hall'),
        ),
        migrations.RunPython(fill_codes_and_sessions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='hall',
            name='code',
            field=models.CharField(help_text='大写字母、数字和连字符，如 GA-ZX；接口中用来指明大厅', max_length=20, unique=True, verbose_name='大厅编码'),
        ),
        migrations.AddConstraint(
            model_name='hall',
            constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^[A-Z0-9-]{2,20}$')), name='hall_code_format'),
        ),
        migrations.AddConstraint(
            model_name='windowgroup',
            constraint=models.CheckConstraint(condition=models.Q(('slot_minutes__gte', 5), ('slot_minutes__lte', 240)), name='window_group_slot_minutes_range'),
        ),
        migrations.AddConstraint(
            model_name='hallsession',
            constraint=models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='hall_session_weekday_valid'),
        ),
        migrations.AddConstraint(
            model_name='hallsession',
            constraint=models.CheckConstraint(condition=models.Q(('start__lt', models.F('end'))), name='hall_session_start_before_end'),
        ),
        migrations.AddConstraint(
            model_name='hallsession',
            constraint=models.UniqueConstraint(fields=('hall', 'weekday', 'start'), name='hall_session_unique'),
        ),
    ]
