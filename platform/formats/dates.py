"""Dates the Russian way: 31.08.2022, academic years 2022/2023 (September–August)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@dataclass(frozen=True, order=True)
class AcademicYear:
    """Учебный год: from 1 September of `start` to 31 August of `start + 1`."""

    start: int

    @classmethod
    def of(cls, day: dt.date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        """'2022/2023' → AcademicYear(2022); raises ValueError for anything else."""
        first, _, second = text.partition("/")
        if not (first.isdigit() and second.isdigit()) or int(second) != int(first) + 1:
            raise ValueError(f"not an academic year: {text!r}")
        return cls(int(first))

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, 9, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start + 1, 8, 31)

    def __contains__(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return f"{self.start}/{self.start + 1}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31.01 + 1 month → 28/29.02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
