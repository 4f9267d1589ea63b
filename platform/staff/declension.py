"""Склонение: a staff member's name and position in the case a document needs.

Names go through `pytrovich` (the petrovich rules; design note 15: 20 of 20 Chechen full names right,
«Иса → Исы», «Ахмед-Хаджи», indeclinable Зулай, Айшат, Марьям); the gender is stored on the staff
record (`StaffMember.gender`), suggested from the patronymic when it is not given — no library can
tell Ваха, Лема or Хава without one. A position is a phrase whose head noun (and the adjectives before
it) declines while its complement stays: «заместитель директора по УВР» → «заместителя директора по
УВР»; that is `pymorphy3`'s job (it knows common nouns, which pytrovich does not).
"""

from __future__ import annotations

import enum
from functools import cache
from typing import TYPE_CHECKING

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender as PetrovichGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

    from staff.models import StaffMember

MALE = "male"
FEMALE = "female"


class Case(enum.Enum):
    """The grammatical cases a document uses, with pymorphy3's tag for each."""

    NOMINATIVE = "nomn"
    GENITIVE = "gent"
    DATIVE = "datv"
    ACCUSATIVE = "accs"
    INSTRUMENTAL = "ablt"
    PREPOSITIONAL = "loct"


_PETROVICH_CASE = {
    Case.GENITIVE: PetrovichCase.GENITIVE,
    Case.DATIVE: PetrovichCase.DATIVE,
    Case.ACCUSATIVE: PetrovichCase.ACCUSATIVE,
    Case.INSTRUMENTAL: PetrovichCase.INSTRUMENTAL,
    Case.PREPOSITIONAL: PetrovichCase.PREPOSITIONAL,
}


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _morph() -> MorphAnalyzer:
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer(lang="ru")


def gender_suggest(*, first_name: str = "", patronymic: str = "") -> str:
    """«male», «female» or "" (cannot tell): from the patronymic first (…ович / …овна, …оглы / …кызы),
    then from the first name as pytrovich knows it; "" for names such as Ваха, Лема, Хава alone."""
    words = patronymic.strip().lower().replace("-", " ").split()
    if words:
        last = words[-1]
        if last.endswith(("ич", "оглы", "улы", "уулу")):
            return MALE
        if last.endswith(("вна", "чна", "шна", "кызы", "гызы", "қызы")):
            return FEMALE
    if not first_name.strip():
        return ""
    detected = PetrovichGenderDetector().detect(firstname=first_name.strip())
    return {PetrovichGender.MALE: MALE, PetrovichGender.FEMALE: FEMALE}.get(detected, "")


def _petrovich_gender(gender: str) -> PetrovichGender:
    return PetrovichGender.FEMALE if gender == FEMALE else PetrovichGender.MALE


def _decline_part(part: NamePart, text: str, gender: str, case: Case) -> str:
    text = text.strip()
    if not text or case is Case.NOMINATIVE:
        return text
    return _maker().make(part, _petrovich_gender(gender), _PETROVICH_CASE[case], text)


def initials(*parts: str) -> str:
    """«Х.В.-А.»: one initial per name, and per part of a hyphenated name."""
    result = ""
    for part in parts:
        pieces = [piece.strip() for piece in part.split("-") if piece.strip()]
        if pieces:
            result += "-".join(f"{piece[0].upper()}." for piece in pieces)
    return result


def full_name_in(case: Case, *, last_name: str, first_name: str, patronymic: str = "", gender: str = "") -> str:
    """«Эскиева Рамзана Хамидовича» (genitive): surname, name and patronymic declined."""
    gender = gender or gender_suggest(first_name=first_name, patronymic=patronymic)
    words = (
        _decline_part(NamePart.LASTNAME, last_name, gender, case),
        _decline_part(NamePart.FIRSTNAME, first_name, gender, case),
        _decline_part(NamePart.MIDDLENAME, patronymic, gender, case),
    )
    return " ".join(word for word in words if word)


def short_name_in(case: Case, *, last_name: str, first_name: str = "", patronymic: str = "", gender: str = "") -> str:
    """«Цугиеву М.Р.» (dative): the surname declined, the initials as they are."""
    gender = gender or gender_suggest(first_name=first_name, patronymic=patronymic)
    surname = _decline_part(NamePart.LASTNAME, last_name, gender, case)
    return f"{surname} {initials(first_name, patronymic)}".strip()


# --- positions ------------------------------------------------------------------------------


def _nominative(word: str, pos: str) -> Parse | None:
    for parse in _morph().parse(word):
        tag = parse.tag
        if tag.POS == pos and tag.case == "nomn" and tag.number == "sing":
            return parse
    return None


def _keep_capital(original: str, declined: str) -> str:
    if original[:1].isupper():
        return declined[:1].upper() + declined[1:]
    return declined


def _inflect(parse: Parse, grammemes: set[str], original: str) -> str:
    inflected = parse.inflect(grammemes)
    return _keep_capital(original, inflected.word) if inflected is not None else original


def _head_noun(word: str) -> list[Parse] | None:
    """The parses of a (possibly hyphenated, «педагог-психолог») head noun in the nominative, or None."""
    parses = [_nominative(piece, "NOUN") for piece in word.split("-")]
    if all(parse is not None for parse in parses):
        return [parse for parse in parses if parse is not None]
    return None


def position_in(case: Case, position: str) -> str:
    """«заместитель директора по УВР» → «заместителя директора по УВР» (genitive); «старший вожатый»,
    «педагог-психолог», «учитель начальных классов» likewise. The adjectives before the head noun agree
    with it; everything after it stays. A phrase the dictionary does not know is returned as it is."""
    position = " ".join(position.split())
    if not position or case is Case.NOMINATIVE:
        return position
    if "," in position:  # «заместитель директора по ВР, руководитель ШМО»: two positions, each declined
        return ", ".join(position_in(case, part) for part in position.split(","))
    words = position.split(" ")
    adjectives: list[tuple[int, Parse]] = []
    for index, word in enumerate(words):
        if word.isupper() and len(word) > 1:
            break  # an abbreviation («УВР») is never the head
        head = _head_noun(word)
        adjective = _nominative(word, "ADJF")
        following = words[index + 1] if index + 1 < len(words) else ""
        if head is not None and adjective is not None and following and _head_noun(following) is not None:
            head = None  # «старший воспитатель»: an adjective before a noun, though «старший» is a noun too
        if head is not None:
            noun = head[-1].tag
            agreement = {case.value, "sing", noun.gender or "masc"}
            if case is Case.ACCUSATIVE and noun.animacy == "anim" and noun.gender == "masc":
                agreement.add("anim")
            declined = [*words]
            for adjective_index, adjective in adjectives:
                declined[adjective_index] = _inflect(adjective, agreement, words[adjective_index])
            pieces = word.split("-")
            declined[index] = "-".join(_inflect(parse, {case.value}, piece) for parse, piece in zip(head, pieces,
                                                                                                     strict=True))
            return " ".join(declined)
        if adjective is None:
            break
        adjectives.append((index, adjective))
    if adjectives and len(adjectives) == len(words):  # «вожатая», «старший вожатый» as adjectives alone
        declined = [*words]
        for adjective_index, adjective in adjectives:
            tag = adjective.tag
            agreement = {case.value, "sing", tag.gender or "masc"}
            if case is Case.ACCUSATIVE and tag.gender == "masc":
                agreement.add("anim")
            declined[adjective_index] = _inflect(adjective, agreement, words[adjective_index])
        return " ".join(declined)
    return position


# --- a staff member ---------------------------------------------------------------------------


def staff_gender(staff: StaffMember) -> str:
    """The stored gender, else the suggestion from the name (male when nothing tells)."""
    return staff.gender or gender_suggest(first_name=staff.first_name, patronymic=staff.patronymic) or MALE


def staff_full_name(staff: StaffMember, case: Case = Case.NOMINATIVE) -> str:
    return full_name_in(case, last_name=staff.last_name, first_name=staff.first_name, patronymic=staff.patronymic,
                        gender=staff_gender(staff))


def staff_short_name(staff: StaffMember | None, case: Case = Case.NOMINATIVE) -> str:
    """«Эскиев Р.Х.» in the case asked; "" for nobody."""
    if staff is None:
        return ""
    return short_name_in(case, last_name=staff.last_name, first_name=staff.first_name, patronymic=staff.patronymic,
                         gender=staff_gender(staff))


def staff_position(staff: StaffMember, case: Case = Case.NOMINATIVE) -> str:
    return position_in(case, staff.position)


def gendered(staff: StaffMember | None, *, male: str, female: str) -> str:
    """The word that agrees with the person: gendered(mentor, male="включён", female="включена")."""
    return female if staff is not None and staff_gender(staff) == FEMALE else male
