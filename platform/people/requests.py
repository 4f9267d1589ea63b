"""What the middleware adds to a request, for type checkers."""

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


def acting_person(request: HttpRequest) -> Person:
    """The signed-in person (views behind a guard only)."""
    return cast("Person", request.user)
