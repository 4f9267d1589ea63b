"""Looking objects up by an id from a URL or a request body.

A malformed id answers the same 404 as a missing object or one that is not the
person's: nothing tells them apart (style: «the same 404»).
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def uuid_or_404(value: object) -> uuid.UUID:
    """`value` as a UUID, or Http404 when it is not one."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def object_or_404(queryset: QuerySet[M], id: object) -> M:
    """The object of `queryset` (already narrowed to what the person may see) with this id, or the same
    Http404 for a malformed id, a missing object and one that is not theirs."""
    found = queryset.filter(pk=uuid_or_404(id)).first()
    if found is None:
        raise Http404
    return found
