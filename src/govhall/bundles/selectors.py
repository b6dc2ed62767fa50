"""Reads for the bundle pages, the API, the workbench panel and search."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.bundles.constants import PartState
from govhall.bundles.models import Bundle, BundleCase, BundlePart
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog import tokens

DONE = frozenset({CaseState.CONCLUDED, CaseState.DELIVERED})


def active_bundles() -> QuerySet[Bundle]:
    return Bundle.objects.filter(active=True).select_related("life_event")


def bundle_by_slug(slug: str) -> Bundle | None:
    return active_bundles().filter(slug=slug[:60]).first()


def bundle_for_life_event(life_event_id: int) -> Bundle | None:
    return active_bundles().filter(life_event_id=life_event_id).first()


def bundle_cases_of(user: User) -> QuerySet[BundleCase]:
    return BundleCase.objects.filter(applicant=user).select_related("bundle")


def bundle_case_of(user: User, number: str) -> BundleCase | None:
    """The applicant's own bundle case (None for anyone else's: the page answers 404, as for a case)."""
    return bundle_cases_of(user).filter(number=number[:24]).first()


def parts_of(bundle_case: BundleCase) -> list[BundlePart]:
    return list(
        bundle_case.parts.select_related(
            "bundle_item__item__department", "bundle_item__after__item", "case__department", "case__item"
        )
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


def progress(parts: list[BundlePart]) -> Progress:
    """Parts concluded (办结) of the parts that count (a dropped part does not)."""
    counted = [part for part in parts if part.state != PartState.DROPPED]
    finished = [part for part in counted if part.case is not None and part.case.state in DONE]
    return Progress(done=len(finished), total=len(counted))


@dataclass(frozen=True)
class Moment:
    at: datetime
    what: str
    item: str
    department: str


def timeline(bundle_case: BundleCase, parts: list[BundlePart]) -> list[Moment]:
    """One timeline: the bundle's submission and conclusion and every act on every part's case, in time order."""
    moments = [Moment(bundle_case.submitted_at, _("一件事申请已提交"), bundle_case.bundle.name, "")]
    for part in parts:
        if part.case is None:
            continue
        for event in part.case.events.all():
            moments.append(
                Moment(event.at, str(event.get_act_display()), part.case.item.name, part.case.department.name)
            )
    if bundle_case.concluded_at is not None:
        moments.append(Moment(bundle_case.concluded_at, _("一件事已全部办结"), bundle_case.bundle.name, ""))
    return sorted(moments, key=lambda moment: moment.at)


def ratable_cases(parts: list[BundlePart]) -> list[Case]:
    """The parts' concluded cases not rated yet (the bundle's one rating rates them all)."""
    return [
        part.case
        for part in parts
        if part.case is not None and part.case.state in DONE and not hasattr(part.case, "rating")
    ]


@dataclass(frozen=True)
class Panel:
    """What the workbench shows beside a case that is part of a bundle."""

    bundle_case: BundleCase
    parts: list[BundlePart]
    progress: Progress
    deadline: date


def panel_for(case: Case) -> Panel | None:
    part = BundlePart.objects.filter(case=case).select_related("bundle_case__bundle").first()
    if part is None:
        return None
    parts = parts_of(part.bundle_case)
    return Panel(part.bundle_case, parts, progress(parts), part.bundle_case.promised_deadline)


def matching_bundles(query: str, limit: int = 3) -> list[Bundle]:
    """Bundles whose name or keywords share a word with the query (catalog.tokens), most shared words first: shown
    above the item results, not ranked among them."""
    asked = set(tokens.words(query[:100]))
    if not asked:
        return []
    scored: list[tuple[int, int, Bundle]] = []
    for bundle in active_bundles():
        known = set(tokens.words(bundle.name)) | set(tokens.words(bundle.keywords.replace("，", " ").replace(",", " ")))
        shared = len(asked & known)
        if shared:
            scored.append((-shared, bundle.order, bundle))
    return [bundle for _shared, _order, bundle in sorted(scored, key=lambda row: row[:2])[:limit]]


def describe(bundle: Bundle) -> dict[str, Any]:
    """The bundle as the API gives it: its items and the questionnaire."""
    return {
        "slug": bundle.slug,
        "name": bundle.name,
        "description": bundle.description,
        "promised_days": bundle.promised_days,
        "for_legal": bundle.for_legal,
        "items": [
            {
                "id": part.pk,
                "code": part.item.implementation_code,
                "name": part.item.name,
                "department": part.item.department.name,
                "included": part.included,
                "after": part.after_id,
                "result_material": part.result_material,
            }
            for part in bundle.parts.select_related("item__department")
        ],
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "help_text": question.help_text,
                "options": [
                    {
                        "id": option.pk,
                        "label": option.label,
                        "includes": [p.pk for p in option.includes.all()],
                        "excludes": [p.pk for p in option.excludes.all()],
                    }
                    for option in question.options.all()
                ],
            }
            for question in bundle.questions.prefetch_related("options__includes", "options__excludes")
        ],
    }
