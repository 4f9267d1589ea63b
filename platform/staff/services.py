"""Writes to the school's staff (педагогические работники).

Every write derives the young-specialist flag from the district's rule (staff.rules),
so the flag is right from the moment a record is saved, not only after the nightly refresh.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from district.selectors import district_settings
from people.models import Person
from staff import imports
from staff.accounts import staff_access_end
from staff.declension import gender_suggest
from staff.models import Gender, QualificationCategory, StaffMember
from staff.rules import YoungSpecialistRule
from tenants.changes import school_changed
from tenants.models import School

# The fields a person may set; `is_young_specialist` is derived, `is_active` has its own service.
EDITABLE_FIELDS = (
    "last_name", "first_name", "patronymic", "gender", "birth_date", "position", "subjects",
    "teaching_experience_years", "qualification_category", "hire_date", "new_to_position", "email", "phone",
)
DEFAULTS: dict[str, Any] = {
    "patronymic": "", "gender": "", "birth_date": None, "subjects": [], "teaching_experience_years": 0,
    "qualification_category": QualificationCategory.NONE, "hire_date": None, "new_to_position": False,
    "email": "", "phone": "",
}
MAX_EXPERIENCE_YEARS = 70
MIN_AGE = 16
MAX_AGE = 100


# --- Rules shared by the form, the API and the import ------------------------------------------


def _age(birth_date: dt.date, today: dt.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in ("last_name", "first_name", "patronymic", "position", "email", "phone"):
        if name in cleaned:
            cleaned[name] = " ".join(str(cleaned[name] or "").split())
    if "subjects" in cleaned:
        subjects = cleaned["subjects"] or []
        cleaned["subjects"] = imports.split_subjects(", ".join(subjects) if not isinstance(subjects, str) else subjects)
    if "qualification_category" in cleaned and not cleaned["qualification_category"]:
        cleaned["qualification_category"] = QualificationCategory.NONE
    return cleaned


def _with_gender(values: dict[str, Any]) -> dict[str, Any]:
    """A gender not given is suggested from the patronymic (or the first name); a given one is kept — the
    manual override for names no rule can tell (Ваха, Лема, Хава without a patronymic)."""
    if not values.get("gender"):
        values["gender"] = gender_suggest(first_name=values.get("first_name") or "",
                                          patronymic=values.get("patronymic") or "")
    return values


def staff_problems(values: Mapping[str, Any], *, today: dt.date) -> dict[str, list[ValidationError]]:
    """What is wrong with a complete set of a staff member's values, by field (empty: nothing)."""
    problems: dict[str, list[ValidationError]] = {}

    def add(name: str, message: str, code: str) -> None:
        problems.setdefault(name, []).append(ValidationError(message, code=code))

    for name, label, limit in (("last_name", _("last name"), 150), ("first_name", _("first name"), 150),
                               ("patronymic", _("patronymic"), 150), ("position", _("position"), 200)):
        text = values.get(name) or ""
        if not text and name != "patronymic":
            add(name, _("Enter the %(what)s.") % {"what": label}, "required")
        elif len(text) > limit:
            add(name, _("The %(what)s is longer than %(limit)s characters.") % {"what": label, "limit": limit},
                "max_length")
        elif name != "position" and text and (re.search(r"\d", text) or not re.search(r"[^\W\d_]", text)):
            add(name, _("The %(what)s must be written in letters.") % {"what": label}, "invalid_name")

    birth_date: dt.date | None = values.get("birth_date")
    hire_date: dt.date | None = values.get("hire_date")
    experience = values.get("teaching_experience_years") or 0
    if birth_date is not None:
        age = _age(birth_date, today)
        if birth_date > today:
            add("birth_date", _("The date of birth is in the future."), "future_date")
        elif not MIN_AGE <= age <= MAX_AGE:
            add("birth_date", _("The date of birth gives an age of %(age)s; a teacher is %(min)s to %(max)s years old.")
                % {"age": age, "min": MIN_AGE, "max": MAX_AGE}, "implausible_age")
        elif experience > age - 14:
            add("teaching_experience_years",
                _("%(years)s years of teaching is impossible at the age of %(age)s.")
                % {"years": experience, "age": age},
                "experience_over_age")
    if not isinstance(experience, int) or experience < 0 or experience > MAX_EXPERIENCE_YEARS:
        add("teaching_experience_years",
            _("Teaching experience must be a whole number of years from 0 to %(max)s.") % {"max": MAX_EXPERIENCE_YEARS},
            "invalid_experience")
    if hire_date is not None:
        if hire_date > today:
            add("hire_date", _("The hire date is in the future."), "future_date")
        elif birth_date is not None and birth_date <= today and _age(birth_date, hire_date) < MIN_AGE:
            add("hire_date", _("The hire date must be at least %(min)s years after the date of birth.")
                % {"min": MIN_AGE}, "hire_before_birth")
    if values.get("gender") not in ("", *Gender.values):
        add("gender", _("Choose the gender from the list."), "invalid_choice")
    if values.get("qualification_category") not in QualificationCategory.values:
        add("qualification_category", _("Choose a qualification category from the list."), "invalid_choice")
    for subject in values.get("subjects") or []:
        if len(subject) > 100:
            add("subjects", _("The subject “%(subject)s…” is longer than 100 characters.") % {"subject": subject[:30]},
                "max_length")
    email = values.get("email") or ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add("email", _("“%(value)s” is not a valid e-mail address.") % {"value": email}, "invalid_email")
    phone = values.get("phone") or ""
    if phone and (len(phone) > 32 or not re.fullmatch(r"[\d\s()+\-.]+", phone) or len(re.sub(r"\D", "", phone)) < 5):
        add("phone", _("“%(value)s” is not a phone number; use digits, spaces, brackets, + and -, up to 32 characters.")
            % {"value": phone}, "invalid_phone")
    return problems


def identity_key(values: Mapping[str, Any]) -> tuple[str, str, str, dt.date | None]:
    """Who a row is: last name, first name, patronymic (any case) and date of birth."""
    return (
        (values.get("last_name") or "").casefold(),
        (values.get("first_name") or "").casefold(),
        (values.get("patronymic") or "").casefold(),
        values.get("birth_date"),
    )


def _young_flag(rule: YoungSpecialistRule, values: Mapping[str, Any], today: dt.date) -> bool:
    return rule.applies(
        birth_date=values.get("birth_date"),
        experience_years=values.get("teaching_experience_years") or 0,
        today=today,
    )


def _lock_staff_writes() -> None:
    """One writer of this school's staff list at a time, so that two imports or a create and
    an import cannot both add the same person. Released at the end of the transaction."""
    with connection.cursor() as cursor:
        schema = getattr(connection, "schema_name", "public")
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"staff.write:{schema}"])


def _duplicate_of(values: Mapping[str, Any], *, exclude_id: Any = None) -> StaffMember | None:
    candidates = StaffMember.objects.filter(
        is_active=True,
        last_name__iexact=values.get("last_name") or "",
        first_name__iexact=values.get("first_name") or "",
        patronymic__iexact=values.get("patronymic") or "",
        birth_date=values.get("birth_date"),
    )
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    return candidates.first()


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _("A staff member with this name and date of birth is already in the list; edit that record instead."),
        code="duplicate",
    )


# --- Create, update, deactivate ----------------------------------------------------------------


def staff_create(
    *,
    school: School,
    acting_user: Person | None,
    last_name: str,
    first_name: str,
    position: str,
    patronymic: str = "",
    gender: str = "",
    birth_date: dt.date | None = None,
    subjects: list[str] | None = None,
    teaching_experience_years: int = 0,
    qualification_category: str = QualificationCategory.NONE,
    hire_date: dt.date | None = None,
    new_to_position: bool = False,
    email: str = "",
    phone: str = "",
    person: Person | None = None,
    today: dt.date | None = None,
) -> StaffMember:
    """Add a teacher to the school's staff list (regulation §3: the base of the mentee and mentor banks).

    The young-specialist flag is derived by the district's rule; a second active record of
    the same person (name and date of birth) is refused.
    """
    today = today or timezone.localdate()
    values = _with_gender(_clean({
        "last_name": last_name, "first_name": first_name, "patronymic": patronymic, "gender": gender,
        "birth_date": birth_date,
        "position": position, "subjects": subjects or [], "teaching_experience_years": teaching_experience_years,
        "qualification_category": qualification_category, "hire_date": hire_date,
        "new_to_position": new_to_position, "email": email, "phone": phone,
    }))
    problems = staff_problems(values, today=today)
    if problems:
        raise ValidationError(problems)
    rule = YoungSpecialistRule.from_settings(district_settings())
    with transaction.atomic():
        _lock_staff_writes()
        if _duplicate_of(values) is not None:
            raise ValidationError({"last_name": _duplicate_error()})
        if person is not None and StaffMember.objects.filter(person=person).exists():
            raise ValidationError({"person": ValidationError(
                _("This account already has a staff record in this school."), code="duplicate_person")})
        member = StaffMember.objects.create(
            **values, person=person, is_young_specialist=_young_flag(rule, values, today)
        )
        school_changed()
        audit_record(actor=acting_user, action="staff.created", school=school, target=member,
                     details={"young_specialist": member.is_young_specialist})
    return member


def staff_guest_add(
    *, school: School, acting_user: Person | None, home_school_uuid: Any, last_name: str, first_name: str,
    patronymic: str = "", subjects: list[str] | None = None, teaching_experience_years: int = 0,
    person: Person | None = None,
) -> StaffMember:
    """A mentor from another school on this school's list as a guest (the mentor exchange, regulation §4):
    only their cross-school pair's programme opens to them, and the district counts them as a guest
    mentor here, never as this school's staff."""
    with transaction.atomic():
        guest = StaffMember.objects.create(
            person=person, last_name=last_name, first_name=first_name, patronymic=patronymic,
            position=_("mentor from another school"), subjects=list(subjects or []),
            teaching_experience_years=teaching_experience_years, is_guest=True, home_school_uuid=home_school_uuid)
        audit_record(actor=acting_user, action="staff.guest_added", school=school, target=guest,
                     details={"name": guest.full_name})
    return guest


def staff_update(
    *,
    school: School,
    acting_user: Person | None,
    member: StaffMember,
    changes: Mapping[str, Any],
    today: dt.date | None = None,
) -> StaffMember:
    """Change a staff member's data; the young-specialist flag is derived again by the district's rule.

    `changes` holds only the fields to change (any of `EDITABLE_FIELDS`).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    today = today or timezone.localdate()
    rule = YoungSpecialistRule.from_settings(district_settings())
    with transaction.atomic():
        _lock_staff_writes()
        member = StaffMember.objects.select_for_update().get(pk=member.pk)
        current = {name: getattr(member, name) for name in EDITABLE_FIELDS}
        values = {**current, **_clean(changes)}
        if "gender" in changes:
            values = _with_gender(values)
        problems = staff_problems(values, today=today)
        if problems:
            raise ValidationError(problems)
        if member.is_active and identity_key(values) != identity_key(current) and _duplicate_of(
            values, exclude_id=member.pk
        ):
            raise ValidationError({"last_name": _duplicate_error()})
        changed = sorted(name for name in EDITABLE_FIELDS if values[name] != current[name])
        for name in changed:
            setattr(member, name, values[name])
        member.is_young_specialist = _young_flag(rule, values, today)
        member.save()
        school_changed()
        audit_record(actor=acting_user, action="staff.updated", school=school, target=member,
                     details={"fields": changed, "young_specialist": member.is_young_specialist})
    return member


def staff_deactivate(*, school: School, acting_user: Person | None, member: StaffMember) -> StaffMember:
    """Take a staff member off the list without deleting them: pairs, programmes, orders and
    consents keep referring to the record (regulation §6–§7 keep their history).

    Their access to this school ends at once (staff.accounts.staff_access_end): the membership is
    ended, so their sessions and API tokens stop working here; their other schools are untouched.
    """

    with transaction.atomic():
        member = StaffMember.objects.select_for_update().get(pk=member.pk)
        if not member.is_active:
            raise ValidationError(_("This staff member is already deactivated."), code="already_inactive")
        member.is_active = False
        member.save(update_fields=["is_active", "updated_at"])
        school_changed()
        audit_record(actor=acting_user, action="staff.deactivated", school=school, target=member)
        staff_access_end(school=school, acting_user=acting_user, member=member)
    return member


def staff_refresh_young_specialists(*, school: School, acting_user: Person | None, today: dt.date | None = None) -> int:
    """Re-derive every staff member's young-specialist flag from the district's rule.

    Ages change with time and the district may change the rule, so this runs
    nightly per school. Returns how many flags changed.
    """
    rule = YoungSpecialistRule.from_settings(district_settings())
    today = today or timezone.localdate()
    changed: list[StaffMember] = []
    with transaction.atomic():
        for member in StaffMember.objects.select_for_update().filter(is_active=True):
            flag = rule.applies(
                birth_date=member.birth_date,
                experience_years=member.teaching_experience_years,
                today=today,
            )
            if flag != member.is_young_specialist:
                member.is_young_specialist = flag
                changed.append(member)
        StaffMember.objects.bulk_update(changed, ["is_young_specialist"])
        if changed:
            school_changed()
            audit_record(
                actor=acting_user, action="staff.young_specialists_refreshed", school=school,
                details={"changed": len(changed)},
            )
    return len(changed)


# --- Import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file was refused: a cell (row as numbered in the spreadsheet, the header
    being row 1, and the column's header) or, with `row` None, the file or its header row."""

    row: int | None
    column: str
    message: str
    code: str
    attr: str  # where the API reports it: "file", "columns" or "rows.<row>.<column>"


class StaffImportError(ValidationError):
    """The file was refused as a whole; `problems` lists every reason, nothing was saved."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__([ValidationError(_describe(p), code=p.code) for p in problems])


def _describe(problem: ImportProblem) -> str:
    if problem.row is None:
        return problem.message
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": problem.row, "column": problem.column, "message": problem.message}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    reactivated: int = 0
    young_specialists: int = 0
    created_ids: list[Any] = field(default_factory=list)


def _email_key(values: Mapping[str, Any]) -> str:
    return (values.get("email") or "").strip().casefold()


def _row_problem(number: int, column: str, message: str, code: str) -> ImportProblem:
    return ImportProblem(number, column, message, code, f"rows.{number}.{column}")


def staff_import(*, school: School, acting_user: Person | None, file_name: str, content: bytes,
                 today: dt.date | None = None, reactivate: bool = False) -> ImportResult:
    """Import the staff list from XLSX or CSV (columns: staff.imports), whole or not at all.

    Every row is checked before anything is written; if any row is wrong, `StaffImportError`
    lists each bad cell with its row and column and nothing is saved. A row whose name and
    date of birth match an active staff member updates that record instead of adding a
    second one. A row matching a *deactivated* staff member is refused naming them, unless
    `reactivate` is chosen: then that record is brought back and updated — never a second
    copy. An e-mail may belong to one person only: the same address in two rows, or on
    another active staff member, is refused naming both. The template's example row left
    in the file is refused. Young-specialist flags of the imported rows follow the district's rule.
    """
    try:
        sheet = imports.read_staff_file(file_name=file_name, content=content)
    except imports.FileProblem as problem:
        raise StaffImportError([ImportProblem(None, "", problem.message, problem.code, problem.attr)]) from problem
    today = today or timezone.localdate()
    rule = YoungSpecialistRule.from_settings(district_settings())
    present = [name for name in EDITABLE_FIELDS if name in sheet.headers]
    if "gender" not in present:  # suggested from the patronymic when the file has no «Пол» column
        present.append("gender")

    def header(name: str) -> str:
        return sheet.headers.get(name) or imports.COLUMN_BY_FIELD[name].header

    with transaction.atomic():
        _lock_staff_writes()
        existing: dict[tuple, StaffMember] = {}
        deactivated: dict[tuple, StaffMember] = {}
        email_owner: dict[str, StaffMember] = {}
        for member in StaffMember.objects.select_for_update().filter(is_guest=False):
            key = identity_key({n: getattr(member, n) for n in EDITABLE_FIELDS})
            if member.is_active:
                existing.setdefault(key, member)
                if member.email:
                    email_owner.setdefault(_email_key({"email": member.email}), member)
            else:
                deactivated.setdefault(key, member)
        problems: list[ImportProblem] = []
        seen: dict[tuple, int] = {}
        email_rows: dict[str, int] = {}
        reactivated: list[StaffMember] = []
        to_create: list[StaffMember] = []
        to_update: list[StaffMember] = []
        for number, cells in sheet.rows:
            parsed: dict[str, Any] = {}
            row_problems: list[ImportProblem] = []
            for name, raw in cells.items():
                try:
                    parsed[name] = imports.parse_cell(name, raw)
                except imports.CellProblem as problem:
                    row_problems.append(ImportProblem(number, header(name), problem.message, problem.code,
                                                      f"rows.{number}.{header(name)}"))
            if row_problems:
                problems.extend(row_problems)
                continue
            parsed = _clean(parsed)
            key = identity_key(parsed)
            if imports.is_example_row(parsed):
                problems.append(_row_problem(number, header("last_name"), _(
                    "this is the template's example row (%(name)s); delete it and list your own staff.")
                    % {"name": imports.EXAMPLE_NAME}, "example_row"))
                continue
            match = existing.get(key)
            if match is None and key in deactivated:
                if reactivate:
                    match = deactivated[key]
                    reactivated.append(match)
                else:
                    gone = deactivated[key]
                    problems.append(_row_problem(number, header("last_name"), _(
                        "%(name)s was deactivated; to bring this person back, tick «Reactivate deactivated staff "
                        "found in the file» and import again (a second record is never made).")
                        % {"name": gone.full_name},
                        "deactivated_match"))
                    continue
            base = {n: getattr(match, n) for n in EDITABLE_FIELDS} if match else DEFAULTS
            values = _with_gender({**base, **parsed})
            for name, errors in staff_problems(values, today=today).items():
                for error in errors:
                    problems.append(ImportProblem(number, header(name), str(error.message), error.code or "invalid",
                                                  f"rows.{number}.{header(name)}"))
            same_person = key in seen
            if same_person:
                problems.append(ImportProblem(
                    number, header("last_name"),
                    _("the same person (name and date of birth) is already in row %(row)s.") % {"row": seen[key]},
                    "duplicate_row", f"rows.{number}.{header('last_name')}"))
            seen.setdefault(key, number)
            email = _email_key(values)
            if same_person:
                pass  # the row is refused as a repeated person already; its e-mail is the same one
            elif email and email in email_rows:
                problems.append(_row_problem(number, header("email"), _(
                    "the e-mail “%(email)s” is also in row %(row)s: rows %(row)s and %(this)s give two people one "
                    "address.") % {"email": values["email"], "row": email_rows[email], "this": number},
                    "duplicate_email"))
            elif email and email in email_owner and email_owner[email] is not match:
                problems.append(_row_problem(number, header("email"), _(
                    "the e-mail “%(email)s” belongs to %(name)s, an active staff member.")
                    % {"email": values["email"], "name": email_owner[email].full_name}, "email_taken"))
            if email:
                email_rows.setdefault(email, number)
            if problems:
                continue  # nothing will be written; only keep looking for problems
            flag = _young_flag(rule, values, today)
            if match is None:
                to_create.append(StaffMember(**values, is_young_specialist=flag))
            else:
                for name in present:
                    setattr(match, name, values[name])
                match.is_young_specialist = flag
                match.updated_at = timezone.now()
                to_update.append(match)
        if problems:
            raise StaffImportError(problems)
        StaffMember.objects.bulk_create(to_create, batch_size=500)
        written = [*present, "is_young_specialist", "updated_at"]
        for member in to_update:  # row by row: faster than one giant CASE of bulk_update
            StaffMember.objects.filter(pk=member.pk).update(**{name: getattr(member, name) for name in written})
        StaffMember.objects.filter(pk__in=[m.pk for m in reactivated]).update(is_active=True)
        result = ImportResult(
            rows=len(sheet.rows), created=len(to_create), updated=len(to_update) - len(reactivated),
            reactivated=len(reactivated),
            young_specialists=sum(m.is_young_specialist for m in (*to_create, *to_update)),
            created_ids=[m.pk for m in to_create],
        )
        school_changed()
        audit_record(actor=acting_user, action="staff.imported", school=school, details={
            "file": file_name[:200], "rows": result.rows, "created": result.created, "updated": result.updated,
            "reactivated": [m.full_name for m in reactivated],
        })
    return result
