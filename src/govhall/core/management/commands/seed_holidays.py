from typing import Any

from django.core.management.base import BaseCommand

from govhall.core.holiday_seed import seed_holidays


class Command(BaseCommand):
    help = "Adds the holidays and make-up working days chinesecalendar knows to the Holiday table (keeps admin edits)."

    def handle(self, *args: Any, **options: Any) -> None:
        added = seed_holidays()
        self.stdout.write(f"holidays: {added} added")
