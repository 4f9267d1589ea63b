from __future__ import annotations

from typing import Any

from district.models import DistrictSettings, DocxTemplate


def district_settings() -> DistrictSettings:
    """The district's settings; defaults until the district edits them."""
    settings_row, _ = DistrictSettings.objects.get_or_create(id=1)
    return settings_row


def docx_template(kind: str) -> bytes | None:
    """The district's own DOCX template of `kind` (public schema), or None for the repository's."""
    content = DocxTemplate.objects.filter(kind=kind).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None


def docx_templates() -> list[Any]:
    """The district's uploaded DOCX templates (without their content)."""
    return list(DocxTemplate.objects.defer("content").select_related("uploaded_by").order_by("kind"))
