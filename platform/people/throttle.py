"""Sign-in limits that no client can dodge: by the address the deployment's proxy saw, by the login
as the platform matches it (case-insensitively), and across every space of the district.

- `client_address`: the address nginx passes (`CLIENT_ADDRESS_HEADER`, production: X-Real-IP,
  which nginx overwrites), never a header the client chose; REMOTE_ADDR without a proxy.
- `login_key`: the login as matched (`Person.objects.get_by_natural_key` is case-insensitive), so
  `LOGIN`, `Login` and `login` share one count of failures (django-axes' AXES_USERNAME_CALLABLE).
- `address_blocked` / `address_failure_note`: besides the lockout per login and address (axes), a
  limit of failed sign-ins per address whatever the login (against spraying many logins from one
  place), counted in the cache without the schema prefix — one count for every school's host.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

THROTTLE_CACHE = "throttle"


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", None)
    address = request.META.get(header) if header else None
    return str(address or request.META.get("REMOTE_ADDR") or "unknown").strip()


def login_key(username: object) -> str:
    return str(username or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes counts failures by this: the login as the platform matches it."""
    if credentials and credentials.get(settings.AXES_USERNAME_FORM_FIELD) is not None:
        return login_key(credentials.get(settings.AXES_USERNAME_FORM_FIELD))
    return login_key(request.POST.get(settings.AXES_USERNAME_FORM_FIELD) if request.method == "POST" else "")


def _address_key(address: str) -> str:
    return f"signin-failures:{address}"


def address_blocked(request: HttpRequest) -> bool:
    failures = caches[THROTTLE_CACHE].get(_address_key(client_address(request)), 0)
    return int(failures) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def address_failure_note(request: HttpRequest) -> None:
    cache = caches[THROTTLE_CACHE]
    key = _address_key(client_address(request))
    window = int(settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
