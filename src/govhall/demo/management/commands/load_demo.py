from typing import Any

from django.core.management.base import BaseCommand

from govhall.accounts.demo import load_demo_accounts
from govhall.bundles.demo import load_demo_bundles
from govhall.catalog.demo import load_demo
from govhall.demo.decided_by_data import load_demo_decided_by_data
from govhall.enquiries.demo import load_demo_enquiries
from govhall.evaluation.demo import load_demo_ratings
from govhall.kiosk.demo import DEMO_KEY, load_demo_kiosks
from govhall.licences.demo import load_demo_licences
from govhall.queueing.demo import load_demo_queue
from govhall.sharing.demo import load_demo_sharing


class Command(BaseCommand):
    help = (
        "Loads the demo data: the catalog (广安区's 1,135 listed items plus one the complete guides add, 1,136 in all; "
        "complete guides, departments, halls, themes, life events, synonyms), then the demo accounts, the demo licence "
        "types and licences, the shared-data catalog, the rated demo cases, then the 秒批 rules and 免申即享 policies, then "
        "window groups, windows and today's queue tickets; the 一件事 bundles and their questionnaires (with two more items "
        "the district list lacks); 咨询·投诉·建议 "
        "(some answered and published)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        bundles = load_demo_bundles()
        accounts = load_demo_accounts()
        licences = load_demo_licences()
        sources = load_demo_sharing()
        load_demo_ratings()
        load_demo_decided_by_data()
        tickets = load_demo_queue()
        kiosks = load_demo_kiosks()
        enquiries = load_demo_enquiries()
        self.stdout.write(
            f"demo catalog: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged; "
            f"{accounts} demo accounts; {licences} demo licences issued; {sources} materials fetched by the system; "
            f"{tickets} queue tickets of today; {bundles} 一件事 bundles; {enquiries} enquiries"
        )
        for kiosk in kiosks:
            self.stdout.write(
                f"demo kiosk {kiosk.code} ({kiosk.hall.name}): /kiosk/start/?device={kiosk.code}&key={DEMO_KEY}"
            )
