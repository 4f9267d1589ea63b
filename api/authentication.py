"""Token authentication and the token endpoint's limits; the space check is made by the base views (api.base)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from people import throttle


class SpaceTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: one token per person, valid only where they belong, for
    `API_TOKEN_LIFETIME_HOURS` after it was issued. «Sign out everywhere», a password change and
    deactivation delete it (people.services); a person who must still choose a password has none."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token.created):
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired: get a new one."))
        if user.must_set_password:
            raise exceptions.AuthenticationFailed(_("Choose a password first: sign in on the site."))
        return user, token


def token_expired(created: dt.datetime) -> bool:
    return created + dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS) <= timezone.now()


class _AcrossSpaces(SimpleRateThrottle):
    """Counted once for every space of the district (no schema in the key), by the address the proxy saw."""

    cache = caches[throttle.THROTTLE_CACHE]

    def get_ident(self, request: Request) -> str:
        return throttle.client_address(request._request)


class TokenAddressThrottle(_AcrossSpaces):
    """Token requests from one address, whatever the login (against spraying many logins)."""

    scope = "login_address"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenPersonThrottle(_AcrossSpaces):
    """Token requests for one login (as matched, case-insensitively) from one address, in every space."""

    scope = "login_person"

    def get_cache_key(self, request: Request, view: Any) -> str:
        data = request.data if isinstance(request.data, dict) else {}
        login = throttle.login_key(data.get("username"))
        return self.cache_format % {"scope": self.scope, "ident": f"{login}:{self.get_ident(request)}"}
