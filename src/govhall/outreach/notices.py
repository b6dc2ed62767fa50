"""Sending a campaign's notices through the path every notice uses: the in-app inbox (notices.models.Notification,
with no case), SMS through the provider and email (notices.sending), in the task worker after the campaign is
committed. Each person's inbox message is made once (the contact row, locked, keeps it) and each channel is sent once
(notices' Delivery rows), so a retried task never tells anyone twice; failed channels are retried with a growing
delay. The campaign's task is enqueued in the transaction that starts it (the queue is the outbox). notices' own sweep
leaves campaign notices to retry_outreach_deliveries (registered in OutreachConfig.ready)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.core import audit
from govhall.core.outbox import stores_rows
from govhall.notices.models import Delivery
from govhall.notices.sending import due, retry_delay, send_by_sms_and_email  # one sending path for every notice
from govhall.notices.services import tell
from govhall.outreach.constants import ContactGroup
from govhall.outreach.models import Campaign, Contact
from govhall.outreach.services import notice_for


def notify_contact(contact_id: int) -> tuple[int, bool]:
    """Tell one person (once). Returns (channels sent now, whether a channel failed)."""
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("campaign", "person", "notification")
            .get(pk=contact_id, group=ContactGroup.CONTACTED)
        )
        if contact.notification is None:
            notice = notice_for(contact.campaign.message, list(contact.items.order_by("name", "pk")))
            # The inbox message only: this task sends it itself, channel by channel, below.
            contact.notification = tell(user=contact.person, title=notice.title, body=notice.body, send=False)
            contact.sent_at = timezone.now()
            contact.channels = "inbox"
            contact.save(update_fields=["notification", "sent_at", "channels"])
    sent, failed = send_by_sms_and_email(contact.notification, contact.person)
    delivered = Delivery.objects.filter(notification=contact.notification, state=Delivery.State.SENT)
    reached = ["inbox", *delivered.order_by("-via").values_list("via", flat=True)]  # sms before email
    if ",".join(reached) != contact.channels:
        contact.channels = ",".join(reached)
        contact.save(update_fields=["channels"])
    return sent, failed


@task()
def send_campaign(campaign_id: int) -> int:
    """Tell every person of the campaign who is to be told. Returns how many channels were sent now."""
    sent = 0
    failed = False
    contact_ids = Contact.objects.filter(campaign_id=campaign_id, group=ContactGroup.CONTACTED).values_list(
        "pk", flat=True
    )
    for contact_id in list(contact_ids.order_by("pk")):
        now_sent, now_failed = notify_contact(contact_id)
        sent += now_sent
        failed |= now_failed
    first_time = Campaign.objects.filter(pk=campaign_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if first_time:
        campaign = Campaign.objects.get(pk=campaign_id)
        audit.record(actor=None, action="outreach.send_campaign", target=campaign, detail={"sent": sent})
    # As for case notices: the database queue defers the retry; an inline backend leaves it to the sweep.
    delay = retry_delay(Delivery.objects.filter(notification__outreach_contact__campaign_id=campaign_id))
    if failed and delay is not None and stores_rows(send_campaign):
        send_campaign.using(run_after=timezone.now() + delay).enqueue(campaign_id)
    return sent


@task()
def retry_outreach_deliveries() -> int:
    """Periodic sweep: resend campaign notices that are due again (failed within MAX_ATTEMPTS, or left sending by a
    worker that died)."""
    pending = (
        due()
        .filter(notification__outreach_contact__isnull=False)
        .values_list("notification__outreach_contact", flat=True)
        .distinct()
    )
    return sum(notify_contact(contact_id)[0] for contact_id in list(pending))
