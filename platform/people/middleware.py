"""Keep a session inside the space where it was made."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from people import selectors
from tenants.spaces import is_district

SESSION_SPACE_KEY = "_space_schema"


class SpaceAccessMiddleware:
    """Sets `request.membership` and drops a session that does not belong here.

    Cookies are host-only already; this also refuses a session cookie carried
    to another school's host by hand, and ends the session of a person whose
    membership was revoked or who was deactivated, on their next request.
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
                request.membership = selectors.membership_in(person=user, school=tenant)  # type: ignore[attr-defined]
                allowed = request.membership is not None  # type: ignore[attr-defined]
            elif allowed:
                allowed = selectors.has_district_access(user)
            if not allowed:
                logout(request)
        return self.get_response(request)
