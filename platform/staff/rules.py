"""The district's young-specialist rule (молодой/начинающий специалист).

A young specialist is defined by age and teaching experience only. «Впервые на должности» (new
to the position, the staff record's own flag) is a separate category: a 40-year-old with 12
years of teaching who takes a new position is not a young specialist (issue 13).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from district.models import DistrictSettings


@dataclass(frozen=True)
class YoungSpecialistRule:
    max_age: int
    max_experience_years: int

    @classmethod
    def from_settings(cls, settings_row: DistrictSettings) -> YoungSpecialistRule:
        return cls(
            max_age=settings_row.young_specialist_max_age,
            max_experience_years=settings_row.young_specialist_max_experience_years,
        )

    def applies(self, *, birth_date: dt.date | None, experience_years: int, today: dt.date) -> bool:
        """Up to `max_age` years old and up to `max_experience_years` of teaching."""
        if birth_date is None:
            return False
        age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
        return age <= self.max_age and experience_years <= self.max_experience_years
