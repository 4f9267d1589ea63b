"""Accounts of the school's staff: a login from the staff card, all at once after an import,
one-time codes, and ending access when a staff member leaves.

One person has one account in the whole district (design note 6): before a new account is
made, `staff_account_match` looks for the same person in the district — the same e-mail, or
the same full name and date of birth — and the page shows them; a membership is added to
that account only on confirmation (`staff_account_link`), never a second account and never
silently. The one-time code of a new account (or a re-issued one) goes on an invitation slip
(reports.slips) and is kept only as a password hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from people import selectors as people_selectors
from people import services as people_services
from people.models import Person
from people.roles import SchoolRole
from reports.slips import Slip, slips_docx, slips_pdf
from staff.models import StaffMember
from tenants.models import School

# The role a staff member's new membership starts with; orders add the others.
STAFF_ROLE = SchoolRole.TEACHER


@dataclass(frozen=True)
class AccountMatch:
    """The district's existing account that looks like this staff member, and the schools it belongs to."""

    person: Person
    schools: list[str]


def staff_account_match(member: StaffMember) -> AccountMatch | None:
    """The same person's account elsewhere in the district, if any (not one already on this school's staff)."""
    if member.person_id is not None:
        return None
    person = people_selectors.person_same_as(
        email=member.email, last_name=member.last_name, first_name=member.first_name,
        patronymic=member.patronymic, birth_date=member.birth_date,
    )
    if person is None or StaffMember.objects.filter(person=person).exists():
        return None
    schools = [m.school.short_name for m in people_selectors.memberships_of(person) if m.is_active]
    return AccountMatch(person=person, schools=schools)


def staff_login_suggest(member: StaffMember) -> str:
    return people_selectors.login_suggest(
        last_name=member.last_name, first_name=member.first_name, patronymic=member.patronymic)


def _lock_member(member: StaffMember) -> StaffMember:
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    if member.is_guest or not member.is_active:
        raise ValidationError(_("Logins are made for active staff of this school only."), code="inactive")
    return member


def staff_account_create(
    *, school: School, acting_user: Person | None, member: StaffMember, username: str, address: str = "",
) -> people_services.Invitation:
    """A new account for a staff member with no account anywhere in the district, with a one-time code.

    Refused when the district already has this person (the page offers `staff_account_link`). With the
    space's `address` and an e-mail on the card, an invitation e-mail with a one-time link goes out too.
    """
    with transaction.atomic():
        member = _lock_member(member)
        if member.person_id is not None:
            raise ValidationError(_("This staff member already has an account."), code="has_account")
        if staff_account_match(member) is not None:
            raise ValidationError(
                _("This person already has an account in the district: add them to this school instead."),
                code="same_person")
        invitation = people_services.account_invite(
            acting_user=acting_user, school=school, username=username, last_name=member.last_name,
            first_name=member.first_name, patronymic=member.patronymic, email=member.email,
            birth_date=member.birth_date, roles=[STAFF_ROLE],
        )
        member.person = invitation.person
        member.save(update_fields=["person", "updated_at"])
        mailed = bool(address) and people_services.invitation_email_send(
            person=invitation.person, address=address, space_name=school.full_name)
        audit_record(actor=acting_user, action="staff.account_created", school=school, target=member,
                     details={"username": invitation.person.username, "invitation_mailed": mailed})
    return invitation


def staff_account_link(*, school: School, acting_user: Person | None, member: StaffMember, person: Person) -> None:
    """Confirmed: the staff member is this existing account; it gets a membership in this school."""
    with transaction.atomic():
        member = _lock_member(member)
        match = staff_account_match(member)
        if match is None or match.person.pk != person.pk:
            raise ValidationError(_("This account is not the staff member's."), code="not_same_person")
        people_services.membership_grant(acting_user=acting_user, school=school, person=person, roles=[STAFF_ROLE])
        member.person = person
        member.save(update_fields=["person", "updated_at"])
        audit_record(actor=acting_user, action="staff.account_linked", school=school, target=member,
                     details={"username": person.username})


@dataclass(frozen=True)
class BulkAccounts:
    invitations: list[tuple[StaffMember, people_services.Invitation]]
    # Staff who look like an account the district already has: confirmed one by one on their cards.
    to_confirm: list[StaffMember]


def staff_accounts_without_login() -> list[StaffMember]:
    return list(StaffMember.objects.filter(is_active=True, is_guest=False, person__isnull=True))


def staff_accounts_to_confirm(waiting: list[StaffMember]) -> list[StaffMember]:
    """Which of `waiting` look like an account the district already has (and that is not on this school's
    staff yet) — the same rule as `staff_account_match`, in a constant number of queries."""
    people = people_selectors.people_like(
        [(m.email, m.last_name, m.first_name, m.patronymic, m.birth_date) for m in waiting])
    on_staff = set(StaffMember.objects.filter(person__in=people).values_list("person_id", flat=True))
    emails = {p.email.lower() for p in people if p.pk not in on_staff and p.email}
    names = {(p.last_name.lower(), p.first_name.lower(), p.patronymic.lower(), p.birth_date)
             for p in people if p.pk not in on_staff and p.birth_date is not None}
    return [m for m in waiting if (m.email and m.email.strip().lower() in emails) or (
        m.birth_date is not None
        and (m.last_name.strip().lower(), m.first_name.strip().lower(), m.patronymic.strip().lower(), m.birth_date)
        in names)]


def staff_accounts_create_all(*, school: School, acting_user: Person | None, address: str = "") -> BulkAccounts:
    """Logins for every active staff member without one, in one step (after an import); anyone who
    looks like an existing account of the district is left for confirmation on their card."""
    invitations: list[tuple[StaffMember, people_services.Invitation]] = []
    to_confirm: list[StaffMember] = []
    with transaction.atomic():
        for member in staff_accounts_without_login():
            if staff_account_match(member) is not None:
                to_confirm.append(member)
                continue
            invitation = staff_account_create(school=school, acting_user=acting_user, member=member,
                                              username=staff_login_suggest(member), address=address)
            invitations.append((member, invitation))
    return BulkAccounts(invitations=invitations, to_confirm=to_confirm)


def staff_one_time_code_issue(
    *, school: School, acting_user: Person | None, member: StaffMember,
) -> people_services.Invitation:
    """A new one-time code for a staff member who forgot the password and has no e-mail (printed as a slip).

    Also how a staff member who left and came back is let in again: their membership here is restored.
    """
    with transaction.atomic():
        member = _lock_member(member)
        if member.person is None:
            raise ValidationError(_("This staff member has no account yet."), code="no_account")
        if people_selectors.membership_in(person=member.person, school=school) is None:
            people_services.membership_grant(acting_user=acting_user, school=school, person=member.person,
                                             roles=[STAFF_ROLE])
        return people_services.one_time_code_issue(acting_user=acting_user, school=school, person=member.person)


def staff_access_end(*, school: School, acting_user: Person | None, member: StaffMember) -> None:
    """A staff member left (deactivated): their membership here ends — sessions and tokens stop working
    in this school at once; other schools are untouched (people.services.membership_revoke)."""
    if member.person_id is not None and member.person is not None:
        people_services.membership_revoke(acting_user=acting_user, school=school, person=member.person)


def staff_slips_pdf(*, school: School, address: str,
                    invitations: list[tuple[StaffMember, people_services.Invitation]]) -> bytes:
    """The invitation slips of `invitations` (reports.slips): the school, its address, the name, the login, the code."""
    return slips_pdf([Slip(school_name=school.full_name, address=address, full_name=member.full_name,
                           login=invitation.person.username, code=invitation.code)
                      for member, invitation in invitations])


def staff_slips_docx(*, school: School, address: str,
                     invitations: list[tuple[StaffMember, people_services.Invitation]]) -> bytes:
    """The same slips as `staff_slips_pdf`, as an editable DOCX (issue 12)."""
    return slips_docx([Slip(school_name=school.full_name, address=address, full_name=member.full_name,
                            login=invitation.person.username, code=invitation.code)
                       for member, invitation in invitations])
