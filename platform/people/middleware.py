"""Keep a session inside the space where it was made."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from people import selectors, signins
from people.access import guest_may_open, is_guest_only
from tenants.spaces import is_district

SESSION_SPACE_KEY = "_space_schema"
SESSION_LOGIN_AT_KEY = "_space_login_at"
SESSION_SEEN_AT_KEY = "_space_seen_at"
# What the sign-in decided about the second factor (people.second_factor writes it, this reads it).
SESSION_SECOND_FACTOR_KEY = "_space_second_factor"
# The last-seen mark is written at most this often (a session write per request would cost a query).
SEEN_RESOLUTION_SECONDS = 60
# What a person who must still choose a password (first sign-in with a one-time code) may open.
FIRST_SIGN_IN_PAGES = frozenset({"password_set", "logout", "set_language", "invitation_accept"})
# What a session that still owes the second factor may open (people.second_factor).
SECOND_FACTOR_PAGES = {
    "verify": frozenset({"second_factor_verify", "logout", "set_language"}),
    "enrol": frozenset({"second_factor_setup", "logout", "set_language"}),
}


class SpaceAccessMiddleware:
    """Sets `request.membership` and drops a session that does not belong here.

    Cookies are host-only already; this also refuses a session cookie carried
    to another school's host by hand, and ends the session of a person whose
    membership was revoked or who was deactivated, on their next request.

    A guest mentor from another school (people.access.is_guest_only) gets 404 for every
    page of the school outside `people.access.GUEST_PAGES`, whatever the page's own guard;
    the API's endpoints answer them 404 in api.base (also for a token request).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        tenant = getattr(request, "tenant", None)
        user = request.user
        if tenant is not None and user.is_authenticated:
            bound = request.session.get(SESSION_SPACE_KEY)
            allowed = bound == tenant.schema_name
            if allowed and not is_district(tenant):
                request.membership = selectors.request_membership(person=user, school=tenant)  # type: ignore[attr-defined]
                allowed = request.membership is not None  # type: ignore[attr-defined]
            elif allowed:
                allowed = selectors.has_district_access(user)
            if allowed:
                allowed = _within_session_limits(request)
            if not allowed:
                signins.sign_in_forget(request.session.session_key)
                logout(request)
        # A token request is authenticated later, by the API: its answers are personal too.
        signed_in = request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META
        response = self.get_response(request)
        if signed_in:
            # Signed-in pages carry personal data: no browser or proxy keeps a copy.
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], view_args: tuple[Any, ...],
                     view_kwargs: dict[str, Any]) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match is not None else None
        if request.user.is_authenticated and getattr(request.user, "must_set_password", False) \
                and view_name not in FIRST_SIGN_IN_PAGES:
            return redirect("password_set")
        owed = request.session.get(SESSION_SECOND_FACTOR_KEY) if request.user.is_authenticated else None
        if owed in SECOND_FACTOR_PAGES and view_name not in SECOND_FACTOR_PAGES[owed]:
            return redirect("second_factor_verify" if owed == "verify" else "second_factor_setup")
        membership = getattr(request, "membership", None)
        if not is_guest_only(membership):
            return None
        if guest_may_open(view_name):
            return None
        if getattr(getattr(view_func, "cls", None), "answers_guests_itself", False):
            return None  # the API's base (api.base) answers its own 404 (JSON) for a guest
        raise Http404


def _within_session_limits(request: HttpRequest) -> bool:
    """The idle limit (SESSION_IDLE_MINUTES since the last request) and the absolute one
    (SESSION_ABSOLUTE_HOURS since signing in), from the marks the sign-in set (people.views._bind_session).
    The last-seen mark is rewritten at most once a minute, so most requests write nothing."""
    session = request.session
    now = time.time()
    login_at = session.get(SESSION_LOGIN_AT_KEY)
    seen_at = session.get(SESSION_SEEN_AT_KEY)
    if login_at is not None and now - float(login_at) > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return False
    if seen_at is not None:
        if now - float(seen_at) > settings.SESSION_IDLE_MINUTES * 60:
            return False
        if now - float(seen_at) >= SEEN_RESOLUTION_SECONDS:
            session[SESSION_SEEN_AT_KEY] = now
            signins.sign_in_seen(session.session_key, datetime.fromtimestamp(now, tz=UTC))
    return True
