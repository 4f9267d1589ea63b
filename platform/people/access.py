"""View guards: who may enter a page of a school's or the district's space.

An anonymous visitor is sent to the login page; a signed-in person without
the right gets the same 404 as for a page that does not exist.
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
