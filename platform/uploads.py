"""Checking an uploaded document or image before it is stored in a school's folder.

Used by programme evidence and the best practices bank: the type by extension and by
the file's first bytes (a renamed file is refused), and the size limit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Allowed extensions and the bytes such a file starts with.
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def upload_max_bytes() -> int:
    """The size limit of one file (setting EVIDENCE_MAX_BYTES, 10 MB by default)."""
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def upload_errors(uploaded_file: UploadedFile) -> dict[str, ValidationError]:
    """What is wrong with the file, on the field «file» (empty when it may be stored)."""
    limit = upload_max_bytes()
    name = uploaded_file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        return {"file": ValidationError(
            _("The file «%(name)s» is not of an allowed type; upload PDF, DOCX, XLSX, PPTX, ODT, JPG or PNG.")
            % {"name": name}, code="file_type")}
    if uploaded_file.size is None or uploaded_file.size > limit:
        return {"file": ValidationError(
            _("The file «%(name)s» is %(size)s MB; the limit is %(limit)s MB.")
            % {"name": name, "size": f"{(uploaded_file.size or 0) / 1048576:.1f}",
               "limit": f"{limit / 1048576:g}"}, code="file_too_large")}
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_TYPES[extension]):
        return {"file": ValidationError(
            _("The file «%(name)s» is not a real %(type)s file.") % {"name": name, "type": extension.upper()},
            code="file_content")}
    return {}
