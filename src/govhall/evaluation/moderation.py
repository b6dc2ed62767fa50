"""Personal data taken out of a comment before it is shown publicly: ID numbers (18/15-digit resident IDs, passports
and permits are caught as long runs of letters and digits), mobile and landline phone numbers, email addresses, case
numbers, and the names the system knows (the rater's real name, the staff rated). The moderator reads the result and
may edit it; the same cleaning runs again on the edited text."""

import re
from collections.abc import Iterable

PLACEHOLDER = "***"

PATTERNS = [
    re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"),  # 居民身份证 (18)
    re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),  # older 15-digit IDs
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email
    re.compile(r"GH\d{14}", re.IGNORECASE),  # case numbers
    re.compile(r"(?<!\d)(\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"),  # mobile, 138 1234 5678 too
    re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)"),  # landline 0826-2333110
    re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{1,2}\d{7,10}(?![0-9A-Za-z])"),  # passports, 港澳台 permits
]


def strip_personal_data(text: str, names: Iterable[str] = ()) -> str:
    cleaned = text
    for pattern in PATTERNS:
        cleaned = pattern.sub(PLACEHOLDER, cleaned)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        cleaned = cleaned.replace(name, PLACEHOLDER)
    return cleaned.strip()
