"""Authentication that admits a person only into a space they belong to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from people import selectors
from people.models import Person


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
