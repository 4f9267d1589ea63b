"""Authentication that admits a person only into a space they belong to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.http import HttpRequest

from people import selectors
from people.models import Person
from tenants.models import School


class SpaceMemberBackend(ModelBackend):
    """Password login, refused (like a wrong password) outside the person's spaces.

    At a school's host the person needs an active membership there; at the
    district host a district role. The failure is indistinguishable from a wrong
    password, so a login page reveals nothing about who belongs where.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Person | None:
        person = super().authenticate(request, username=username, password=password, **kwargs)
        if person is None or request is None:
            return None
        tenant = getattr(request, "tenant", None)
        if tenant is None or not selectors.can_enter_space(person=person, space=tenant):
            return None
        return person  # type: ignore[return-value]

    def get_user(self, user_id: Any) -> Person | None:  # type: ignore[override]
        """The session's person; at a school's host read together with their membership there, in one
        statement instead of two (issue 15; people.selectors.request_membership takes it from the person)."""
        school = getattr(connection, "tenant", None)
        if not isinstance(school, School):
            return super().get_user(user_id)  # type: ignore[return-value]
        person = selectors.person_with_membership(person_id=user_id, school=school)
        return person if person is not None and self.user_can_authenticate(person) else None
