"""Looking objects up by an id from a URL or a request body.

A malformed id answers the same 404 as a missing object or one that is not the
person's: nothing tells them apart (style: «the same 404»).
"""

from __future__ import annotations

import uuid

from django.http import Http404


def uuid_or_404(value: object) -> uuid.UUID:
    """`value` as a UUID, or Http404 when it is not one."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
