"""What every page needs to know about the space and the person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from people.access import is_guest_only
from people.capabilities import Capability, can
from tenants.spaces import is_district


def space(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    return {
        "space": tenant,
        "in_district": is_district(tenant),
        "membership": getattr(request, "membership", None),
        # What the person may do here, for the section links (people.capabilities).
        "capabilities": frozenset(c.value for c in Capability if can(getattr(request, "membership", None), c)),
        # A guest mentor from another school: the section links are their programme's only.
        "guest_only": is_guest_only(getattr(request, "membership", None)),
        "district_host": settings.DISTRICT_HOST,
    }
