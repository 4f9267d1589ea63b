"""Writes about people and their memberships."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from audit.services import audit_record
from people.models import Membership, Person, SignIn
from people.roles import DistrictRole, SchoolRole
from people.signins import sign_in_end, sign_ins_forget_all
from people.tokens import invitation_tokens, invitation_valid_days
from tenants.changes import school_changed
from tenants.models import School


def person_create(
    *,
    acting_user: Person | None,
    username: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
    password: str | None = None,
    district_roles: Iterable[DistrictRole] = (),
) -> Person:
    """Create one district-wide account for a person."""
    username = username.strip().lower()
    if Person.objects.filter(username__iexact=username).exists():
        message = _("The login “%(login)s” is taken.") % {"login": username}
        raise ValidationError({"username": ValidationError(message, code="duplicate")})
    with transaction.atomic():
        person = Person.objects.create_user(
            username, password=password, last_name=last_name, first_name=first_name,
            patronymic=patronymic, email=email, district_roles=list(district_roles),
        )
        audit_record(actor=acting_user, action="person.created", target=person, details={"username": username})
    return person


def membership_grant(
    *, acting_user: Person | None, school: School, person: Person, roles: Iterable[SchoolRole],
    guest_programmes: Iterable[uuid.UUID] = (),
) -> Membership:
    """Give a person a place in a school with the given roles (added to any they hold); a guest mentor
    from another school also the programmes that open to them (added to any they have)."""
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            person=person, school=school, defaults={"roles": []}
        )
        new_roles = sorted(set(membership.roles) | {SchoolRole(role).value for role in roles})
        programmes = sorted({*membership.guest_programmes, *guest_programmes}, key=str)
        if created or new_roles != membership.roles or not membership.is_active or programmes != sorted(
                membership.guest_programmes, key=str):
            membership.roles = new_roles
            membership.is_active = True
            membership.guest_programmes = programmes
            membership.save(update_fields=["roles", "is_active", "guest_programmes"])
            school_changed()
            audit_record(
                actor=acting_user, action="membership.granted", school=school, target=membership,
                details={"person": person.username, "roles": new_roles,
                         **({"guest_programmes": [str(p) for p in programmes]} if programmes else {})},
            )
    return membership


def membership_revoke(*, acting_user: Person | None, school: School, person: Person) -> None:
    """End a person's place in a school: their sessions and API tokens stop working in this school on
    their next request (people.middleware, api.authentication); their other schools are untouched.
    A person who then belongs nowhere (no active membership, no district role) is deactivated, and
    their tokens end. Nothing is deleted; coming back takes a new invitation."""
    with transaction.atomic():
        updated = Membership.objects.filter(person=person, school=school, is_active=True).update(is_active=False)
        if updated:
            school_changed()
            audit_record(
                actor=acting_user, action="membership.revoked", school=school, details={"person": person.username}
            )
            belongs = person.district_roles or Membership.objects.filter(person=person, is_active=True).exists()
            if not belongs and person.is_active:
                Person.objects.filter(pk=person.pk).update(is_active=False, session_epoch=F("session_epoch") + 1)
                Token.objects.filter(user=person).delete()
                audit_record(actor=acting_user, action="person.deactivated", target=person,
                             details={"username": person.username, "reason": "belongs nowhere"})


# --- Invitations, one-time codes, passwords ---------------------------------------------------

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,149}$")
# No 0/o, 1/l/i: a code is read off paper and typed by hand.
_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def _one_time_code() -> str:
    """12 characters from 31 (≈ 59 bits), grouped for reading: `k7mq-2xhd-9tnr`."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Invitation:
    """A login and its one-time code, for a slip; the code is never stored (only its hash, as a password)."""

    person: Person
    code: str


def _check_login(username: str) -> str:
    username = username.strip().lower()
    if not LOGIN_PATTERN.fullmatch(username):
        raise ValidationError({"username": ValidationError(
            _("A login is 2 to 150 Latin letters, digits, dots, hyphens or underscores, starting with a letter "
              "or a digit."), code="invalid")})
    if Person.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ValidationError(
            _("The login “%(login)s” is taken.") % {"login": username}, code="duplicate")})
    return username


def account_invite(
    *,
    acting_user: Person | None,
    school: School | None,
    username: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
    birth_date: dt.date | None = None,
    roles: Iterable[SchoolRole] = (),
    district_roles: Iterable[DistrictRole] = (),
) -> Invitation:
    """A new account with a one-time code in place of a password (the invitation slip); the first
    sign-in with it must choose a password. With `school`, a membership there with `roles`."""
    with transaction.atomic():
        username = _check_login(username)
        code = _one_time_code()
        person = Person.objects.create_user(
            username, password=code, last_name=last_name.strip(), first_name=first_name.strip(),
            patronymic=patronymic.strip(), email=email.strip(), birth_date=birth_date,
            district_roles=list(district_roles), must_set_password=True,
        )
        audit_record(actor=acting_user, action="person.invited", school=school, target=person,
                     details={"username": username})
        if school is not None:
            membership_grant(acting_user=acting_user, school=school, person=person, roles=roles)
    return Invitation(person=person, code=code)


def one_time_code_issue(*, acting_user: Person | None, school: School | None, person: Person) -> Invitation:
    """A new one-time code for a person who forgot the password and has no e-mail, or who comes back:
    it replaces the password, signs out every device, ends the API tokens and reactivates the
    account; the next sign-in must choose a password. Audited (who issued it, in which school)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        code = _one_time_code()
        person.set_password(code)
        person.must_set_password = True
        person.is_active = True
        person.session_epoch += 1
        person.save(update_fields=["password", "must_set_password", "is_active", "session_epoch"])
        Token.objects.filter(user=person).delete()
        audit_record(actor=acting_user, action="person.one_time_code_issued", school=school, target=person,
                     details={"username": person.username})
    return Invitation(person=person, code=code)


def password_set(*, person: Person, password: str) -> Person:
    """The person chooses a new password (first sign-in, change, reset): Django's validators
    (messages in the interface language); every other session and every API token ends."""
    validate_password(password, user=person)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.set_password(password)
        person.must_set_password = False
        person.session_epoch += 1
        person.save(update_fields=["password", "must_set_password", "session_epoch"])
        Token.objects.filter(user=person).delete()
        audit_record(actor=person, action="person.password_set", target=person)
    return person


def person_sign_out_everywhere(*, person: Person) -> Person:
    """«Выйти на всех устройствах»: every session (this one too) and every API token of the person ends."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.session_epoch += 1
        person.save(update_fields=["session_epoch"])
        Token.objects.filter(user=person).delete()
        sign_ins_forget_all(person)
        audit_record(actor=person, action="person.signed_out_everywhere", target=person)
    return person


def person_session_end(*, person: Person, sign_in_id: uuid.UUID) -> SignIn:
    """«Выйти» for one session of the person's own (people.signins); SignIn.DoesNotExist for anyone else's."""
    with transaction.atomic():
        ended = sign_in_end(person=person, sign_in_id=sign_in_id)
        audit_record(actor=person, action="person.session_ended", target=person,
                     details={"space": ended.schema_name})
    return ended


def invitation_email_send(*, person: Person, address: str, space_name: str) -> bool:
    """Where the person has an e-mail: after the commit, an invitation with a one-time link to this space
    (Django's token generator bound to the space, valid the district's number of days). The paper slip
    stays the main way in; the link only saves typing the code. Returns whether a letter goes out."""
    if not person.email:
        return False
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    link = f"{address.rstrip('/')}/invite/{uid}/{invitation_tokens().make_token(person)}/"
    body = render_to_string("registration/invitation_email.txt", {
        "person": person, "space_name": space_name, "address": address, "link": link,
        "days": invitation_valid_days()})
    recipient = person.email
    transaction.on_commit(lambda: send_mail(
        f"Приглашение на платформу наставничества: {space_name}", body, None, [recipient]))
    return True


# --- District officials (issue 10, point 6) ---------------------------------------------------------


def district_role_grant(*, acting_user: Person | None, person: Person, role: DistrictRole) -> Invitation | None:
    """Confirmed: an existing account (a teacher who joins the district office, an official who comes back)
    gets a district role. A deactivated account comes back only through a new invitation: a one-time
    code is issued and returned for the slip."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if role not in person.district_roles:
            person.district_roles = sorted({*person.district_roles, DistrictRole(role).value})
            person.save(update_fields=["district_roles"])
            audit_record(actor=acting_user, action="person.district_role_granted", target=person,
                         details={"username": person.username, "role": role})
        if not person.is_active:
            return one_time_code_issue(acting_user=acting_user, school=None, person=person)
    return None


def district_official_deactivate(*, acting_user: Person, person: Person) -> Person:
    """The district administrator ends an official's access to the district space: the district roles go,
    every session and the API token end; with no school either, the account is deactivated. Kept, not
    deleted. Nobody deactivates themselves (the district would be left without its administrator)."""
    if person.pk == acting_user.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.district_roles:
            raise ValidationError(_("This person has no role in the district."), code="no_role")
        roles = list(person.district_roles)
        person.district_roles = []
        person.session_epoch += 1
        if not Membership.objects.filter(person=person, is_active=True).exists():
            person.is_active = False
        person.save(update_fields=["district_roles", "session_epoch", "is_active"])
        Token.objects.filter(user=person).delete()
        audit_record(actor=acting_user, action="person.district_access_ended", target=person,
                     details={"username": person.username, "roles": roles, "account_active": person.is_active})
    return person


def district_access_settings_save(*, acting_user: Person, settings_row: Any, invitation_valid_days: int,
                                  second_factor_required: bool) -> None:
    """The district's sign-in settings (the district's settings row, passed in: the district's app sits above)."""
    with transaction.atomic():
        before = {"invitation_valid_days": settings_row.invitation_valid_days,
                  "second_factor_required": settings_row.second_factor_required}
        settings_row.invitation_valid_days = invitation_valid_days
        settings_row.second_factor_required = second_factor_required
        settings_row.save(update_fields=["invitation_valid_days", "second_factor_required"])
        audit_record(actor=acting_user, action="district.access_settings_changed", details={
            "before": before, "after": {"invitation_valid_days": invitation_valid_days,
                                        "second_factor_required": second_factor_required}})
