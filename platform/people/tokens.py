"""One-time links (an invitation, a password reset): Django's token generator, bound to one space.

The hash covers what Django's does (the password hash, the last sign-in, the e-mail) — so a link
stops working once used or once the password changes — plus the schema of the space whose host made
it: a link made at one school's host is refused at any other host. Validity: the invitation's is the
district's setting (`DistrictSettings.invitation_valid_days`), a reset link's PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import connection
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class SpaceTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, *, purpose: str, valid_seconds: int | None = None) -> None:
        super().__init__()
        self.key_salt = f"people.tokens.{purpose}"
        self.valid_seconds = valid_seconds

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        schema = getattr(connection, "schema_name", "public")
        return f"{super()._make_hash_value(user, timestamp)}{schema}{user.session_epoch}"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        limit = self.valid_seconds if self.valid_seconds is not None else settings.PASSWORD_RESET_TIMEOUT
        return self._num_seconds(self._now()) - ts <= limit


def invitation_valid_days() -> int:
    """The district's setting, read by name (the district's app sits above people)."""
    district_settings = apps.get_model("district", "DistrictSettings")
    row, _created = district_settings.objects.get_or_create(id=1)
    return int(row.invitation_valid_days)


def invitation_tokens() -> SpaceTokenGenerator:
    return SpaceTokenGenerator(purpose="invitation", valid_seconds=invitation_valid_days() * 24 * 3600)


def reset_tokens() -> SpaceTokenGenerator:
    return SpaceTokenGenerator(purpose="password_reset")
