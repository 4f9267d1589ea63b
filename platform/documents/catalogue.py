"""The school's documents and the placeholders each template may use.

The texts are templates in `documents/texts/*.txt` (the district's standard wording, from the
seed's order № 116/1, its Приложение 1 and 2); a school may adapt its copy (`DocumentText`).
Whatever the wording, the names, numbers and dates come from this school's own records.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise
TEXTS_DIR = Path(__file__).resolve().parent / "texts"
BLANK = "__________"


class DocumentKind(models.TextChoices):
    MENTORING_ORDER = "mentoring_order", _("Order implementing the mentoring system")
    REGULATION = "regulation", _("Regulation on the mentoring system")
    ROADMAP = "roadmap", _("Roadmap")
    PROGRAMME = "programme", _("Personalised mentoring programme")
    PAIR_ORDER = "pair_order", _("Order assigning a pair or group")


# The documents whose wording is a template (the pair order's text is the order's own, drafted
# by mentoring.services.pairs from the pair).
TEMPLATED_KINDS = (DocumentKind.MENTORING_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP,
                   DocumentKind.PROGRAMME)
SCHOOL_KINDS = (DocumentKind.MENTORING_ORDER, DocumentKind.REGULATION, DocumentKind.ROADMAP)

COMMON_PLACEHOLDERS: dict[str, StrOrPromise] = {
    "school.full_name": _("The school's full name"),
    "school.short_name": _("The school's short name"),
    "school.full_name_second_language": _("The school's full name in the second language"),
    "school.locality": _("The school's locality"),
    "locality": _("The school's locality"),
    "district.name": _("The education department"),
    "order.number": _("The number of the order implementing the mentoring system"),
    "order.date": _("The date of that order"),
    "year": _("The academic year, e.g. 2025/2026"),
    "year.first_day": _("The first day of the academic year"),
    "year.last_day": _("The last day of the academic year"),
    "director.short_name": _("The director: surname and initials"),
    "director.full_name": _("The director: full name"),
    "curator.short_name": _("The curator: surname and initials"),
    "curator.full_name": _("The curator: full name"),
    "curator.position": _("The curator's position"),
    "coordinator.short_name": _("The coordinator: surname and initials"),
    "coordinator.full_name": _("The coordinator: full name"),
    "coordinator.position": _("The coordinator's position"),
    "director.full_name_genitive": _("The director: full name in the genitive case"),
    "director.short_name_dative": _("The director: surname and initials in the dative case"),
    "curator.short_name_accusative": _("The curator: surname and initials in the accusative case"),
    "curator.position_accusative": _("The curator's position in the accusative case"),
    "coordinator.short_name_accusative": _("The coordinator: surname and initials in the accusative case"),
    "coordinator.position_accusative": _("The coordinator's position in the accusative case"),
    "working_group.head": _("The head of the working group with the position"),
    "working_group.members": _("The members of the working group, one a line"),
}

KIND_PLACEHOLDERS: dict[str, dict[str, StrOrPromise]] = {
    DocumentKind.MENTORING_ORDER: {
        "table.acquainted": _("Table: the people the order names, to sign that they have read it"),
    },
    DocumentKind.REGULATION: {},
    DocumentKind.ROADMAP: {
        "table.roadmap": _("Table: the stages of the roadmap with activities, deadlines and responsible people"),
    },
    DocumentKind.PROGRAMME: {
        "programme.title": _("The programme's title"),
        "programme.goals": _("The programme's goals"),
        "programme.strengths": _("The mentee's strengths the programme supports"),
        "programme.directions": _("The directions of mentoring"),
        "programme.form": _("The form of mentoring"),
        "programme.mode": _("The mode of mentoring"),
        "programme.starts_on": _("The first day of the programme"),
        "programme.ends_on": _("The last day of the programme"),
        "programme.approved_on": _("The date the director approved the programme"),
        "programme.mentors": _("The mentors, one a line"),
        "programme.mentees": _("The mentees, one a line"),
        "table.participants": _("Table: the participants"),
        "table.plan": _("Table: the plan of activities"),
    },
}


# The kinds a DOCX is made of, whose DOCX template the district may replace with its own.
DOCX_KINDS: dict[str, StrOrPromise] = {
    **{str(kind): kind.label for kind in DocumentKind},
    "agreement": _("Mentoring agreement (Labour Code art. 351.8)"),
    "consent": _("Consent forms"),
}


def placeholders_for(kind: str) -> dict[str, StrOrPromise]:
    """Every placeholder the template of `kind` may use, with what it stands for."""
    return {**COMMON_PLACEHOLDERS, **KIND_PLACEHOLDERS.get(kind, {})}


@cache
def default_text(kind: str) -> str:
    """The district's standard wording of a document (a template)."""
    return (TEXTS_DIR / f"{kind}.txt").read_text(encoding="utf-8")


def template_name(kind: str) -> str:
    """How messages name a template: its Russian-or-English label and its code."""
    return f"{DocumentKind(kind).label} ({kind})"
