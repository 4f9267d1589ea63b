"""View guards: who may enter a page of a school's or the district's space.

An anonymous visitor is sent to the login page; a signed-in person without
the right gets the same 404 as for a page that does not exist.

A guest mentor (mentor exchange, issue 6) — a membership whose only role is GUEST_MENTOR —
reaches the programmes of `Membership.guest_programmes` and nothing else of the host school:
`SpaceAccessMiddleware` answers 404 for every page outside `GUEST_PAGES` (the API answers 404
for every endpoint, api.base), and the programme and pair selectors narrow what the allowed
pages show to those programmes (`guest_programme_ids`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from people.capabilities import Capability, can
from people.roles import DistrictRole, SchoolRole
from tenants.spaces import is_district

View = Callable[..., HttpResponse]

# The pages a guest mentor may open at the host school (by view name). Every page that takes an
# object answers 404 for anything but the guest's programmes: its selector narrows to them.
GUEST_PAGES = frozenset({
    "login", "logout", "set_language",  # the space itself
    # the person's own account
    "password_set", "profile", "profile_password", "profile_sign_out", "profile_subject_file",
    "invitation_accept", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "second_factor_verify", "second_factor_setup",
    "home",  # shows only «your programme» links
    "programmes:list", "programmes:detail", "programmes:edit", "programmes:start", "programmes:complete",
    "programmes:end_early", "programmes:extend", "programmes:adjust", "programmes:approve",
    "programmes:activity_add", "programmes:activity_edit", "programmes:activity_remove",
    "programmes:activity_done", "programmes:evidence_upload", "programmes:evidence_download",
    "programmes:meeting_record", "programmes:activity_ics", "programmes:meeting_ics",  # the meeting log (issue 13)
    "pairs:detail",
    # The public section is open to anyone without logging in.
    "publicpage:index", "publicpage:order_pdf", "publicpage:material",
})


def is_guest_only(membership: object | None) -> bool:
    """A guest mentor from another school with no other role in this school."""
    roles = getattr(membership, "roles", None)
    return bool(roles) and set(roles) == {SchoolRole.GUEST_MENTOR}  # type: ignore[arg-type]


def guest_programme_ids(membership: object | None) -> list[Any] | None:
    """The programmes a guest-only membership is limited to; None when the membership is not a guest's."""
    if not is_guest_only(membership):
        return None
    return list(getattr(membership, "guest_programmes", None) or [])


def guest_may_open(view_name: str | None) -> bool:
    return view_name in GUEST_PAGES


def school_roles_required(*roles: SchoolRole) -> Callable[[View], View]:
    """A member of this school holding one of `roles` (any member if none given)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if is_district(getattr(request, "tenant", None)):
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None or (roles and not membership.has_role(*roles)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


school_member_required = school_roles_required()


def capability_required(capability: Capability) -> Callable[[View], View]:
    """A member of this school whose roles grant `capability` (people.capabilities)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if is_district(getattr(request, "tenant", None)):
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(getattr(request, "membership", None), capability):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def district_roles_required(*roles: DistrictRole) -> Callable[[View], View]:
    """A person with one of the district `roles` (any district role if none given)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_district(getattr(request, "tenant", None)):
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            user = request.user
            allowed = user.is_superuser or (
                bool(user.district_roles) and (not roles or any(r in user.district_roles for r in roles))
            )
            if not allowed:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
