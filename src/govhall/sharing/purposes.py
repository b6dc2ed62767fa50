"""What a fetch is for. Sharing may not import cases (cases are above it), so the apps that own purposes register a
lookup here: cases registers one that finds a filed case by its number (CasesConfig.ready). A lookup answers only
facts (which item, which department, whom it concerns); the rule that decides whether a fetch may go ahead is
sharing.services.check_purpose, its one home."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    """A filed case (or another registered purpose) a fetch is made for."""

    number: str
    item_id: int
    department_id: int
    subjects: dict[str, int | None]  # blind index of each person / legal person it concerns → their user id, if any
    url: str = ""  # where the subject sees it (their case page)


Lookup = Callable[[str], Purpose | None]

_lookups: list[Lookup] = []


def register(lookup: Lookup) -> None:
    """Add a lookup (called from an AppConfig.ready; once per function)."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def find(number: str) -> Purpose | None:
    """The purpose `number` names, from the first lookup that knows it."""
    number = number.strip()
    if not number:
        return None
    for lookup in _lookups:
        found = lookup(number)
        if found is not None:
            return found
    return None
