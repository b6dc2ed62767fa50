from typing import Any

from django.core.management.base import BaseCommand

from govhall.catalog.demo import load_demo


class Command(BaseCommand):
    help = "Loads the demo catalog (广安区's 1,135 items, complete guides, halls, themes, life events, synonyms)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        from govhall.accounts.demo import load_demo_accounts

        accounts = load_demo_accounts()
        from govhall.evaluation.demo import load_demo_ratings

        load_demo_ratings()
        self.stdout.write(
            f"demo catalog: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged; "
            f"{accounts} demo accounts"
        )
