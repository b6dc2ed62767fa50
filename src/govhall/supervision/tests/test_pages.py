"""The supervision pages: access, the dashboard, drill-downs to the right cases, Excel exports, the public page."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.constants import Role
from govhall.supervision import aggregates
from govhall.supervision.tests import dataset

pytestmark = pytest.mark.django_db
MARCH = "month_from=2026-03&month_to=2026-03"


@pytest.fixture
def data():  # type: ignore[no-untyped-def]
    found = dataset.cases()
    aggregates.rebuild()
    return found


@pytest.fixture
def office_supervisor() -> Client:
    client = Client()
    client.force_login(staff("alice", Role.SUPERVISOR, department=DepartmentFactory(name="区政府办"), totp=False))
    return client


def test_a_visitor_is_sent_to_login_and_others_are_refused(client: Client, data) -> None:  # type: ignore[no-untyped-def]
    url = reverse("supervision:dashboard")
    assert client.get(url).status_code == 302
    client.force_login(person("bob", number=2))
    assert client.get(url).status_code == 403
    client.force_login(staff("carol", Role.APPROVER, department=data.department, totp=False))
    for name in ("supervision:dashboard", "supervision:overdue", "supervision:rectifications"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("supervision:drill", args=["on_time_rate", "numerator"])).status_code == 403


def test_a_department_supervisor_sees_only_their_department(client: Client, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff("dave", Role.SUPERVISOR, department=data.other, totp=False))
    page = client.get(f"{reverse('supervision:dashboard')}?{MARCH}")
    assert page.status_code == 200
    table = page.context["table"]
    assert [row.key for row in table.rows] == [data.other.pk]
    drilled = client.get(f"{reverse('supervision:drill', args=['concluded', 'numerator'])}?{MARCH}")
    assert [line[0] for line in drilled.context["lines"]] == ["GHTESTc6"]
    # Asking for another department's cases is refused by the form; the scope still applies.
    drill = reverse("supervision:drill", args=["concluded", "numerator"])
    asked = client.get(f"{drill}?{MARCH}&department={data.department.pk}")
    assert asked.context["form"].errors
    assert {line[2] for line in asked.context["lines"]} == {"区另一局"}


def test_dashboard_shows_figures_charts_lists_and_refresh_time(office_supervisor: Client, data) -> None:  # type: ignore[no-untyped-def]
    page = office_supervisor.get(f"{reverse('supervision:dashboard')}?{MARCH}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "数据更新于" in html
    assert 'id="sup-chart-data"' in html and "<script>" not in html.replace('<script id="sup-chart-data"', "")
    total = page.context["table"].total.values
    assert total["on_time_rate"].text == "60.0%"
    assert total["good_rate"].text == "25.0%"
    assert page.context["overdue_count"] == 1  # c4
    assert [r.rating.case.number for r in page.context["pending"]] == ["GHTESTc3"]  # c6's was excluded on appeal
    for split in ("item", "hall", "channel", "handler", "month"):
        assert office_supervisor.get(f"{reverse('supervision:dashboard')}?{MARCH}&split={split}").status_code == 200


@pytest.mark.parametrize(
    ("figure", "part", "expected"),
    [
        ("on_time_rate", "numerator", {"c1", "c5", "c6"}),
        ("on_time_rate", "denominator", {"c1", "c2", "c3", "c5", "c6"}),
        ("overdue_count", "numerator", {"c2", "c3", "c4"}),
        ("speedup", "denominator", {"c1", "c2", "c3", "c5"}),
        ("zero_visit_measured", "numerator", {"c1", "c5", "c6"}),
        ("submitted", "numerator", {"c1", "c2", "c3", "c4", "c6", "c7"}),
        ("bad_rate", "numerator", {"c2", "c3"}),
        ("rectified_rate", "numerator", {"c2"}),
        ("rating_rate", "numerator", {"c1", "c2", "c3", "c5"}),
        ("exemption_rate", "numerator", {"c1", "c2", "c4", "c7"}),
        ("exemption_rate", "denominator", {"c1", "c2", "c3", "c4", "c7"}),
    ],
)
def test_drill_down_lists_the_cases_behind_a_figure(office_supervisor: Client, data, figure, part, expected) -> None:  # type: ignore[no-untyped-def]
    page = office_supervisor.get(f"{reverse('supervision:drill', args=[figure, part])}?{MARCH}")
    assert page.status_code == 200
    assert {line[0].removeprefix("GHTEST") for line in page.context["lines"]} == expected


def test_drill_down_of_a_catalog_figure_lists_items(office_supervisor: Client) -> None:
    department = dataset.catalog()
    page = office_supervisor.get(
        f"{reverse('supervision:drill', args=['online_rate', 'numerator'])}?department={department.pk}"
    )
    assert page.context["page"].paginator.count == 617
    assert page.context["value"].text == "89.0%"


def test_excel_export_of_the_figures_table(office_supervisor: Client, data) -> None:  # type: ignore[no-untyped-def]
    answer = office_supervisor.get(f"{reverse('supervision:export_figures')}?{MARCH}&split=department")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "部门")
    total = next(row for row in rows if row and row[0] == "合计")
    assert total[header.index("按期办结率")] == pytest.approx(0.6)
    assert total[header.index("超期件数")] == 3
    assert total[header.index("好评率")] == pytest.approx(0.25)
    names = {row[0] for row in rows[rows.index(header) + 1 :]}
    assert {"区办件测试局", "区另一局", "合计"} <= names


@pytest.mark.parametrize(
    "path",
    [
        "supervision:overdue",
        "supervision:rectifications",
    ],
)
def test_excel_export_of_the_lists(office_supervisor: Client, data, path) -> None:  # type: ignore[no-untyped-def]
    answer = office_supervisor.get(f"{reverse(path)}?{MARCH}&format=xlsx")
    sheet = load_workbook(BytesIO(answer.content)).active
    numbers = [row[0] for row in sheet.iter_rows(values_only=True) if row and str(row[0]).startswith("GHTEST")]
    assert numbers == (["GHTESTc4"] if path == "supervision:overdue" else ["GHTESTc3"])


def test_excel_export_of_a_drill_down(office_supervisor: Client, data) -> None:  # type: ignore[no-untyped-def]
    answer = office_supervisor.get(
        f"{reverse('supervision:drill', args=['overdue_count', 'numerator'])}?{MARCH}&format=xlsx"
    )
    sheet = load_workbook(BytesIO(answer.content)).active
    numbers = {row[0] for row in sheet.iter_rows(values_only=True) if row and str(row[0]).startswith("GHTEST")}
    assert numbers == {"GHTESTc2", "GHTESTc3", "GHTESTc4"}


def test_public_page_needs_no_login_and_shows_no_personal_data(client: Client, data) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"{reverse('supervision:public')}?{MARCH}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "区办件测试局" in html and "60.0%" in html
    for private in ("GHTEST", "s1", "rater", "测试rater", "139000", "经办人", "工作人员编号"):
        assert private not in html, private
    per_item = client.get(f"{reverse('supervision:public')}?{MARCH}&department={data.department.pk}")
    assert "事项X" in per_item.content.decode()
    assert "GHTEST" not in per_item.content.decode()
    # Asking for a staff split or a person is not possible: those filters do not exist there.
    ignored = client.get(f"{reverse('supervision:public')}?{MARCH}&split=handler&handler={data.handler.pk}")
    assert ignored.context["by"] == "department"
    sheet = load_workbook(BytesIO(client.get(f"{reverse('supervision:public')}?{MARCH}&format=xlsx").content)).active
    assert "s1" not in {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}


def test_refresh_command_and_task(data) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from govhall.supervision.models import FigureRefresh

    call_command("refresh_figures", "--now")
    call_command("refresh_figures")  # enqueued; the tests' immediate backend runs it at once
    assert FigureRefresh.objects.filter(kind="incremental", finished_at__isnull=False).count() == 2


def test_a_rating_given_after_the_refresh_is_on_the_card_and_in_its_drill_down_alike(  # type: ignore[no-untyped-def]
    office_supervisor: Client, data
) -> None:
    """The cards read the monthly cells, refreshed now and then; the drill-downs read the cases. A month touched
    since the refresh is counted from the cases on both, so the card never says fewer bad ratings than it lists."""
    from django.utils import timezone

    from govhall.evaluation.models import Rating

    c7 = data.cases["c7"]
    Rating.objects.create(
        case=c7, rater=c7.applicant, channel=c7.channel, score=1, department=c7.department, item=c7.item
    )
    month = timezone.localdate().strftime("%Y-%m")
    query = f"month_from={month}&month_to={month}"
    card = office_supervisor.get(f"{reverse('supervision:dashboard')}?{query}").context["table"].total.values
    drilled = office_supervisor.get(f"{reverse('supervision:drill', args=['bad_rate', 'numerator'])}?{query}")
    listed = [line[0] for line in drilled.context["lines"]]
    assert listed == ["GHTESTc7"]
    assert (card["bad_rate"].numerator, card["bad_rate"].denominator) == (1, 1)
    assert drilled.context["value"].numerator == len(listed)
    # The March cards, untouched since the refresh, still come from the cells and agree with their drill-down.
    march = office_supervisor.get(f"{reverse('supervision:dashboard')}?{MARCH}").context["table"]
    assert march.source == "aggregates" and march.total.values["bad_rate"].numerator == 2
