"""What the middleware adds to a request, for type checkers.

Django views behind `capability_required`/`school_member_required` take a
`SchoolRequest`. Code that may get either Django's `HttpRequest` or DRF's
`Request` (whose stub subclasses `HttpRequest`; at run time it passes unknown
attributes through to the wrapped request) reads the space with the accessors
below instead of bare `request.tenant` / `request.membership`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from people.models import Membership, Person
    from tenants.models import School


class SchoolRequest(HttpRequest):
    """A request at a school's host that passed the space guard."""

    tenant: School
    membership: Membership
    user: Person  # type: ignore[assignment]


class MissingRequestContext(RuntimeError):
    """The request lacks what the tenant middleware or the space guard should have set."""


def acting_person(request: HttpRequest) -> Person:
    """The signed-in person (views behind a guard only)."""
    return cast("Person", request.user)


def request_school(request: HttpRequest) -> School:
    """The school whose host the request came to (set by the tenant middleware)."""
    school = getattr(request, "tenant", None)
    if school is None:
        raise MissingRequestContext("request.tenant is not set: is the tenant middleware installed?")
    return cast("School", school)


def request_membership(request: HttpRequest) -> Membership:
    """The person's membership in this school (views behind a school guard only)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise MissingRequestContext("request.membership is not set: the view must sit behind a school guard")
    return cast("Membership", membership)


def request_membership_or_none(request: HttpRequest) -> Membership | None:
    """The person's membership in this school, or None (selectors answer 404 for None)."""
    return cast("Membership | None", getattr(request, "membership", None))
