from typing import Any

from django.core.management.base import BaseCommand

from govhall.evaluation.demo import load_demo_ratings


class Command(BaseCommand):
    help = "Adds a few rated demo cases (good, bad with rectification, escalated, appealed) after load_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"demo ratings: {load_demo_ratings()} rated cases added")
