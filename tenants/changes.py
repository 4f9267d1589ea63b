"""«The school changed»: the notices a school's services send when what they wrote matters beyond the school.

Each notice is called explicitly by the services whose writes matter; nothing infers it from the
audit record (audit.services.audit_record only writes the record).

* `school_changed()` — the district's kept figures (stats) and the exchange directory are recounted
  shortly after the commit, debounced per school. A no-op in the district schema.
* `mentor_changed(school=, staff=)` — the mentor's exchange directory entry is brought in step inside
  the same transaction (a withdrawn consent takes the mentor out of the directory with the withdrawal).

What follows a notice lives in higher layers (the figures, the exchange), so this module, at the
foundation, imports none of them: the top-layer `refresh` app says at start-up what follows
(`follow_school_changes`). Until it has, a notice does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

if TYPE_CHECKING:
    from tenants.models import School

_after_commit: Callable[[str], None] | None = None
_mentor: Callable[..., Any] | None = None


def follow_school_changes(*, after_commit: Callable[[str], None],
                          mentor: Callable[..., Any]) -> None:
    """Say what follows the notices (called once, by the top layer, when the apps are ready)."""
    global _after_commit, _mentor
    _after_commit, _mentor = after_commit, mentor


def school_changed() -> None:
    """Data of the current school that the district counts changed: recount shortly after the commit."""
    schema_name = getattr(connection, "schema_name", get_public_schema_name())
    if schema_name == get_public_schema_name() or not settings.STATS_REFRESH_ON_CHANGE or _after_commit is None:
        return
    follow = _after_commit
    transaction.on_commit(lambda: follow(schema_name))


def mentor_changed(*, school: School, staff: Any) -> None:
    """A mentor's profile or consents changed: the exchange directory follows in this transaction."""
    if _mentor is not None:
        _mentor(school=school, staff=staff)
