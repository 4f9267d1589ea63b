"""A second factor for the powerful accounts (django-otp, TOTP): district administrators and school
directors, when the district requires it (`DistrictSettings.second_factor_required`); anyone who
enrolled is asked for it at every sign-in.

The state is decided once at sign-in and kept in the session (`SESSION_SECOND_FACTOR_KEY`): «verify»
(a confirmed device: enter a code), «enrol» (required, no device: set one up first) or nothing — so a
request costs no query. The QR code is drawn by the application (segno, inline SVG): the secret never
goes to another host. Recovery codes (django-otp's static tokens, each good once) are shown once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_record
from people.models import Membership, Person
from people.roles import DistrictRole, SchoolRole

VERIFY, ENROL = "verify", "enrol"


def second_factor_required_by_district() -> bool:
    """The district's setting, read by name (the district's app sits above people)."""
    district_settings = apps.get_model("district", "DistrictSettings")
    row, _created = district_settings.objects.get_or_create(id=1)
    return bool(row.second_factor_required)


def is_powerful(person: Person) -> bool:
    """A district administrator, or a director in any school they belong to."""
    if DistrictRole.ADMIN in person.district_roles:
        return True
    return Membership.objects.filter(person=person, is_active=True, roles__contains=[SchoolRole.DIRECTOR]).exists()


def second_factor_state(person: Person) -> str:
    """What a fresh sign-in still owes: VERIFY, ENROL or "" (nothing)."""
    if TOTPDevice.objects.filter(user=person, confirmed=True).exists():
        return VERIFY
    if second_factor_required_by_district() and is_powerful(person):
        return ENROL
    return ""


def totp_device_pending(*, person: Person) -> TOTPDevice:
    """The person's device being set up (unconfirmed), made once; its secret goes only into the QR code."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name="Приложение-аутентификатор", confirmed=False)


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def totp_enrol_confirm(*, person: Person, token: str) -> Enrolment | None:
    """The first code from the app confirms the device; ten recovery codes are made (shown once).
    None when the code is wrong."""
    device = totp_device_pending(person=person)
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=person).delete()
        static = StaticDevice.objects.create(user=person, name="Коды восстановления", confirmed=True)
        codes = [secrets.token_hex(4) for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
        audit_record(actor=person, action="person.second_factor_enrolled", target=person)
    return Enrolment(device=device, recovery_codes=codes)
