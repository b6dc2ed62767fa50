"""A policy run as a purpose of fetches (registered with sharing.purposes in EntitlementsConfig.ready): the number
MSJX<run id>-<user id> names one real-name person checked by one run that has not finished; the policy's item and
department are the purpose's, so sharing.services.check_purpose applies its one rule (the resource must list the
benefit's item)."""

import re

from govhall.accounts.models import PersonProfile
from govhall.entitlements.constants import RUN_PREFIX
from govhall.entitlements.models import PolicyRun
from govhall.sharing.purposes import Purpose

PATTERN = re.compile(rf"^{RUN_PREFIX}(\d{{8}})-(\d+)$")


def purpose_number(run: PolicyRun, user_id: int) -> str:
    return f"{run.number}-{user_id}"


def run_purpose(number: str) -> Purpose | None:
    matched = PATTERN.match(number)
    if matched is None:
        return None
    run = PolicyRun.objects.select_related("policy").filter(pk=int(matched[1]), finished_at__isnull=True).first()
    profile = PersonProfile.objects.filter(user_id=int(matched[2]), verified_at__isnull=False).first()
    if run is None or profile is None:
        return None
    return Purpose(
        number=number,
        item_id=run.policy.item_id,
        department_id=run.policy.department_id,
        subjects={profile.document_index: profile.user_id},
    )
