"""{% appointment_panel case %} on the applicant's case page: the case's live appointments and, while the case is open
and its item may be booked, the link to book a visit to the hall (预约到大厅办理)."""

from typing import Any

from django import template

from govhall.appointments.constants import AppointmentState
from govhall.cases.constants import FINAL_STATES, CaseState
from govhall.cases.models import Case

register = template.Library()


@register.inclusion_tag("appointments/_case_panel.html", takes_context=True)
def appointment_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    applicant = bool(user is not None and user.pk == case.applicant_id)
    live = list(case.appointments.filter(state=AppointmentState.BOOKED).select_related("hall")) if applicant else []
    may_book = (
        applicant
        and case.guide_version.appointment
        and case.state not in FINAL_STATES
        and case.state != CaseState.DRAFT
        and not live
    )
    return {"case": case, "appointments": live, "may_book": may_book}
