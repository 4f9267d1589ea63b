"""What a personalised programme must satisfy (regulation §1.2, §7.2): its period, its directions, the
agreement to a change. Each check returns the errors by field; `raise_errors` raises them together.

* Length (§1.2): from 3 months to 1 year — `ends_on` ≥ starts_on + 3 months and ≤ starts_on + 12 months
  (calendar months, `formats.dates.add_months`; exactly 3 and exactly 12 months are allowed).
* Directions: among the difficulties of the pair's current mentees recorded in the mentee bank.
* A change by mutual consent (§7.2): a reason and both agreements, the mentor's and the mentee's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banks.models import Difficulty, Direction
from formats.dates import add_months, format_date
from mentoring.models import Pair, Participant, ParticipantRole, ProgrammeStatus

MIN_MONTHS = 3
MAX_MONTHS = 12
OPEN_PROGRAMME_STATUSES = (ProgrammeStatus.DRAFT, ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE)


def period_errors(starts_on: dt.date, ends_on: dt.date) -> dict[str, ValidationError]:
    """§1.2: from 3 months to 1 year."""
    if ends_on <= starts_on:
        return {"ends_on": ValidationError(
            _("The end date (%(end)s) must be later than the start date (%(start)s).")
            % {"end": format_date(ends_on), "start": format_date(starts_on)}, code="reversed_dates")}
    shortest, longest = add_months(starts_on, MIN_MONTHS), add_months(starts_on, MAX_MONTHS)
    if ends_on < shortest:
        return {"ends_on": ValidationError(
            _("A programme lasts at least 3 months (regulation §1.2): with the start on %(start)s it must end "
              "on %(date)s or later.") % {"start": format_date(starts_on), "date": format_date(shortest)},
            code="too_short")}
    if ends_on > longest:
        return {"ends_on": ValidationError(
            _("A programme lasts at most 1 year (regulation §1.2): with the start on %(start)s it must end "
              "on %(date)s or earlier.") % {"start": format_date(starts_on), "date": format_date(longest)},
            code="too_long")}
    return {}


def mentee_directions(pair: Pair) -> set[str]:
    """The directions of the difficulties of the pair's current mentees (mentee bank)."""
    mentees = Participant.objects.filter(pair=pair, role=ParticipantRole.MENTEE, left_on__isnull=True)
    return set(
        Difficulty.objects.filter(mentee__staff__in=mentees.values("staff")).values_list("direction", flat=True)
    )


def direction_errors(pair: Pair, directions: Iterable[str]) -> dict[str, ValidationError]:
    chosen = list(dict.fromkeys(directions))
    if not chosen:
        return {"directions": ValidationError(
            _("Choose at least one direction among the mentee's difficulties."), code="required")}
    unknown = [d for d in chosen if d not in Direction.values]
    if unknown:
        return {"directions": ValidationError(
            _("Unknown directions: %(list)s.") % {"list": ", ".join(unknown)}, code="invalid_choice")}
    allowed = mentee_directions(pair)
    outside = [d for d in chosen if d not in allowed]
    if outside:
        if allowed:
            recorded = ", ".join(str(Direction(d).label) for d in Direction.values if d in allowed)
        else:
            recorded = _("none recorded in the mentee bank")
        return {"directions": ValidationError(
            _("These directions are not among the mentee's difficulties: %(outside)s. The mentee bank records "
              "difficulties in: %(recorded)s.")
            % {"outside": ", ".join(str(Direction(d).label) for d in outside), "recorded": recorded},
            code="not_a_difficulty")}
    return {}


def agreement_errors(*, reason: str, agreed_by_mentor: bool, agreed_by_mentee: bool) -> dict[str, ValidationError]:
    """§7.2: by mutual consent of the mentor and the mentee, with a reason."""
    errors: dict[str, ValidationError] = {}
    if not reason.strip():
        errors["reason"] = ValidationError(_("Give the reason for the change."), code="required")
    if not agreed_by_mentor:
        errors["agreed_by_mentor"] = ValidationError(
            _("The mentor's agreement is required (regulation §7.2)."), code="agreement_required")
    if not agreed_by_mentee:
        errors["agreed_by_mentee"] = ValidationError(
            _("The mentee's agreement is required (regulation §7.2)."), code="agreement_required")
    return errors


def raise_errors(errors: dict[str, ValidationError]) -> None:
    if errors:
        raise ValidationError(errors)
