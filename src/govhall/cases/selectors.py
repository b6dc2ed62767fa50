"""Reads of one case for the pages that show it: the applicant's case page (portal, and the rating page when it refuses
a rating) and the correction rounds shown on it and on the workbench."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases import application_form
from govhall.cases.clocks import clock_of, days_left
from govhall.cases.constants import EDITABLE_STATES, FINAL_STATES, Act, CaseState
from govhall.cases.models import Case, LockerDocument, PostCheck
from govhall.cases.uploads import missing_materials


@dataclass(frozen=True)
class Answer:
    item: str
    material: str
    old: LockerDocument | None
    new: LockerDocument | None
    explanation: str


@dataclass(frozen=True)
class Round:
    """One 一次性告知 and its answer."""

    asked_at: datetime | None
    answered_at: datetime
    answers: list[Answer]


def answered_rounds(case: Case) -> list[Round]:
    """Every answered correction of the case, each item with the file it replaced, the new file and the explanation
    (for the applicant's case page and the workbench). Two queries whatever the number of rounds."""
    events = list(case.events.filter(act__in=[Act.REQUEST_CORRECTION, Act.RESUBMIT]).order_by("at", "pk"))
    ids = {
        row.get(side)
        for event in events
        if event.act == Act.RESUBMIT
        for row in event.detail.get("answers", [])
        for side in ("old", "new")
    }
    documents = LockerDocument.objects.in_bulk([pk for pk in ids if isinstance(pk, int)])
    rounds: list[Round] = []
    asked_at = None
    for event in events:
        if event.act == Act.REQUEST_CORRECTION:
            asked_at = event.at
            continue
        answers = [
            Answer(
                item=str(row.get("item", "")),
                material=str(row.get("material", "")),
                old=documents.get(row.get("old")),
                new=documents.get(row.get("new")),
                explanation=str(row.get("explanation", "")),
            )
            for row in event.detail.get("answers", [])
        ]
        if answers:
            rounds.append(Round(asked_at=asked_at, answered_at=event.at, answers=answers))
    return rounds


def case_page(case: Case, viewer: User) -> dict[str, Any]:
    """What the applicant's case page shows: the timeline, time left, materials, form, corrections and what the
    viewer may do next."""
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    today = timezone.localdate()
    applicant = case.applicant_id == viewer.pk
    return {
        "case": case,
        "events": events,
        "materials": case.materials.select_related("document"),
        "visits": case.visits.all(),
        "exempted": case.exempted_materials.all(),
        "form_rows": application_form.rows(case.guide_version, case.variant_name, case.form_data),
        "clock": clock_of(case, events, today=today),
        "days_left": None
        if case.state in FINAL_STATES or case.concluded_at
        else days_left(case.promised_deadline, today, case.guide_version.promised_unit),
        "post_check": PostCheck.objects.filter(case=case).first(),
        "corrections": answered_rounds(case),
        "may_withdraw": applicant and case.state in EDITABLE_STATES and case.state != CaseState.DRAFT,
        "may_delete_draft": applicant and case.state == CaseState.DRAFT,
        "may_correct": applicant and case.state == CaseState.CORRECTION,
        "may_resume": applicant and case.state == CaseState.DRAFT,
        "missing": missing_materials(case) if case.state != CaseState.DRAFT else [],
        "may_upload": applicant and case.state in EDITABLE_STATES,
    }
