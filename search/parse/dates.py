"""Dates as people write them -> ISO strings of the precision they gave.

"Thursday, November 14, 2024" -> "2024-11-14", "November 2024" -> "2024-11",
"2021-01" stays, "2024-11-14T09:30:00Z" -> "2024-11-14". Anything else -> "", so
callers can use ``iso_date(line)`` both to convert and to ask "is this a date line?".
A bare year counts only where a date is expected (metadata), never as a body line.
"""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?"

_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # Thursday, November 14, 2024
        rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 14 November 2024
        rf"{_MONTH},?\s+{_YEAR}",  # November 2024
        rf"{_YEAR}-(?P<month>\d{{1,2}})-{_DAY}{_TIME}",  # 2024-11-14, with a time
        rf"{_YEAR}/(?P<month>\d{{1,2}})/{_DAY}",  # 2024/11/14
        rf"(?P<month>\d{{1,2}})/{_DAY}/{_YEAR}",  # 11/14/2024 (US order, as US sites write)
        rf"{_YEAR}-(?P<month>\d{{1,2}})",  # 2021-01
    )
]
_BARE_YEAR = re.compile(r"\d{4}")


def iso_date(text: str, *, allow_year: bool = False) -> str:
    """The ISO form of a whole-string date, or "" if ``text`` is not one."""
    text = text.strip()
    if len(text) > 60:
        return ""
    if allow_year and _BARE_YEAR.fullmatch(text):
        return text if 1000 <= int(text) <= 2999 else ""
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _format(match)
    return ""


def _format(match: re.Match[str]) -> str:
    year = int(match["year"])
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
    day = match.groupdict().get("day")
    if not 1000 <= year <= 2999 or not 1 <= month <= 12:
        return ""
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, int(day)).isoformat()
    except ValueError:
        return ""
