"""Notification and Delivery (from cases) and OutboundSms (from accounts) move to notices, keeping their tables (issue 10)."""

import django.db.models.deletion
import django.utils.timezone
import govhall.core.crypto
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0006_oidc_code_redemption'),
        ('cases', '0010_seal_personal_form_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (cases_notification, cases_delivery, accounts_outboundsms): only Django's
        # picture of which app owns them changes, so no SQL runs and every row stays.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundSms',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phone', govhall.core.crypto.EncryptedTextField(verbose_name='手机号码')),
                        ('text', models.CharField(max_length=500, verbose_name='内容')),
                        ('provider', models.CharField(max_length=50, verbose_name='通道')),
                        ('provider_message_id', models.CharField(blank=True, max_length=100, verbose_name='通道消息号')),
                        ('sent_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='发送时间')),
                    ],
                    options={
                        'verbose_name': '短信发件箱',
                        'verbose_name_plural': '短信发件箱',
                        'db_table': 'accounts_outboundsms',
                        'ordering': ['-sent_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('body', models.TextField(verbose_name='内容')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='cases.case')),
                        ('event', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notification', to='cases.caseevent')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '消息',
                        'verbose_name_plural': '消息',
                        'db_table': 'cases_notification',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('via', models.CharField(choices=[('sms', '短信'), ('email', '电子邮件')], max_length=8, verbose_name='渠道')),
                        ('state', models.CharField(choices=[('pending', '待发送'), ('sending', '发送中'), ('sent', '已发送'), ('failed', '发送失败')], db_default='pending', default='pending', max_length=8, verbose_name='状态')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                        ('sending_at', models.DateTimeField(blank=True, null=True, verbose_name='本次发送开始')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发送时间')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='尝试次数')),
                        ('last_error', models.CharField(blank=True, max_length=300, verbose_name='最近错误')),
                        ('notification', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notices.notification')),
                    ],
                    options={
                        'verbose_name': '消息投递',
                        'verbose_name_plural': '消息投递',
                        'db_table': 'cases_delivery',
                        'indexes': [models.Index(fields=['state', 'sending_at'], name='delivery_state_idx')],
                        'constraints': [models.UniqueConstraint(fields=('notification', 'via'), name='delivery_once_per_channel'), models.CheckConstraint(condition=models.Q(('state__in', ['pending', 'sending', 'sent', 'failed'])), name='delivery_state_valid'), models.CheckConstraint(condition=models.Q(models.Q(('sent_at__isnull', False), ('state', 'sent')), models.Q(('state', 'sent'), _negated=True), _connector='OR'), name='delivery_sent_has_time')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
