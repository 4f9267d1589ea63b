"""The district's young-specialist rule (молодой/начинающий специалист)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from district.models import DistrictSettings


@dataclass(frozen=True)
class YoungSpecialistRule:
    max_age: int
    max_experience_years: int
    includes_new_to_position: bool

    @classmethod
    def from_settings(cls, settings_row: DistrictSettings) -> YoungSpecialistRule:
        return cls(
            max_age=settings_row.young_specialist_max_age,
            max_experience_years=settings_row.young_specialist_max_experience_years,
            includes_new_to_position=settings_row.young_specialist_includes_new_to_position,
        )

    def applies(
        self, *, birth_date: dt.date | None, experience_years: int, new_to_position: bool, today: dt.date
    ) -> bool:
        """Up to `max_age` years old and up to `max_experience_years` of teaching, or new to the position."""
        if self.includes_new_to_position and new_to_position:
            return True
        if birth_date is None:
            return False
        age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
        return age <= self.max_age and experience_years <= self.max_experience_years
