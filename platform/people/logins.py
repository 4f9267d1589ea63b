"""Logins in the project's style: «Эскиев Руслан Хасанович» → `eskiev.rkh`."""

from __future__ import annotations

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяӏ",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
         "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", ""],
        strict=True,
    )
)


def _latin(text: str) -> str:
    return "".join(_TRANSLIT.get(char, char) for char in text.lower() if char.isalpha())


def person_login(last_name: str, first_name: str, patronymic: str) -> str:
    """«Адамова Хава Вис-Алиевна» → `adamova.khv`: surname and initials, in Latin letters."""
    initials = "".join(_latin(part[0]) for part in (first_name, patronymic) if part)
    return f"{_latin(last_name)}.{initials}"
