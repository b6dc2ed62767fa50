"""Recompute the transparency log from its entries and compare with the stored subtrees and the signed tree heads."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govhall.transparency import services


class Command(BaseCommand):
    help = "Check the transparency log: every hash recomputed from the entries, every signed tree head checked."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = services.audit_log()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"the log does not verify: {len(problems)} problem(s)")
        self.stdout.write(f"log intact: {services.log_size()} entries")
