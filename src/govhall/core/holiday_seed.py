"""Seeds the Holiday table from the chinesecalendar package, for every year it knows."""

from datetime import date, timedelta

import chinese_calendar

from govhall.core.models import Holiday

# chinesecalendar names holidays in English; the table keeps the Chinese names people read.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def chinese_calendar_rows() -> list[Holiday]:
    """Every date chinesecalendar marks as an exception to the weekday rule."""
    rows: list[Holiday] = []
    first = date(min(chinese_calendar.holidays).year, 1, 1)
    last = date(max(chinese_calendar.holidays).year, 12, 31)
    day = first
    while day <= last:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        weekday = day.weekday() < 5
        if on_holiday and name:
            rows.append(Holiday(date=day, is_working_day=False, name=HOLIDAY_NAMES.get(name, name)))
        elif not on_holiday and not weekday:
            label = HOLIDAY_NAMES.get(name or "", name or "")
            rows.append(Holiday(date=day, is_working_day=True, name=f"{label}调休上班" if label else "调休上班"))
        day += timedelta(days=1)
    return rows


def seed_holidays() -> int:
    """Insert the rows the table does not have yet (edits made in admin are kept). Returns how many were added."""
    existing = set(Holiday.objects.values_list("date", flat=True))
    new_rows = [row for row in chinese_calendar_rows() if row.date not in existing]
    Holiday.objects.bulk_create(new_rows, batch_size=500)
    return len(new_rows)
