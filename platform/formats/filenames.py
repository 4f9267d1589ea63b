"""File names a clerk can file: «Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf».

Sent as `Content-Disposition` with the Cyrillic name in RFC 5987 form (`filename*=UTF-8''…`, which every current
browser reads) and an ASCII transliteration in `filename=` for the clients that do not (RFC 6266 §4.3).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from django.http import HttpResponse

# Passport transliteration (Order of the Ministry of Internal Affairs № 889, as ICAO Doc 9303).
_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"], strict=True))
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# «МБОУ», «МКОУ», «ГБОУ», «МАОУ»… — the legal form the short name starts with, not needed in a file name.
_LEGAL_FORM = re.compile(r"^[А-ЯЁ]{1,3}ОУ\s+")
MAX_LENGTH = 150


def school_label(short_name: str) -> str:
    """«МБОУ «ООШ с. Мескеты»» → «ООШ с. Мескеты»."""
    text = _LEGAL_FORM.sub("", short_name.strip())
    return " ".join(text.replace("«", "").replace("»", "").replace('"', "").split())


def document_filename(title: str, *, extension: str, number: str = "", date: dt.date | None = None,
                      school_name: str = "") -> str:
    """«Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf»: characters a file system refuses become «-»."""
    name = title
    if number:
        name += f" № {number}"
    if date is not None:
        name += f" от {date:%d.%m.%Y}"
    label = school_label(school_name)
    if label:
        name += f" — {label}"
    name = " ".join(_FORBIDDEN.sub("-", name).split())[:MAX_LENGTH].rstrip(" .")
    return f"{name}.{extension}"


def ascii_filename(filename: str) -> str:
    """The transliterated fallback: «Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf» →
    «Prikaz N 116-1 ot 31.08.2022 - OOSh s. Meskety.pdf»."""
    out = []
    for char in filename.replace("№", "N").replace("—", "-").replace("–", "-"):
        lower = char.lower()
        if lower in _LATIN:
            latin = _LATIN[lower]
            out.append(latin.capitalize() if char != lower else latin)
        elif char.isascii() and (char.isalnum() or char in " -_.,()"):
            out.append(char)
        else:
            out.append("-")
    return " ".join("".join(out).split()) or "document"


def content_disposition(filename: str, *, inline: bool) -> str:
    """`inline; filename="Prikaz….pdf"; filename*=UTF-8''%D0%9F…` (RFC 6266, RFC 5987)."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_response(content: bytes, *, filename: str, content_type: str, inline: bool) -> HttpResponse:
    """A generated file as a private download under a name a clerk can file."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Cache-Control"] = "private, no-store"
    return response
