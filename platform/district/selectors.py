from __future__ import annotations

from district.models import DistrictSettings


def district_settings() -> DistrictSettings:
    """The district's settings; defaults until the district edits them."""
    settings_row, _ = DistrictSettings.objects.get_or_create(id=1)
    return settings_row
