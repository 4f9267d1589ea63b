"""A read replica for what tolerates slightly old data (issue 16, design note 14).

With `DATABASE_REPLICA_URL` set, the settings add a database alias `replica` (a hot standby),
put `ReplicaRouter` first among the routers and name `replica_follows_tenant` as django-tenants'
`EXTRA_SET_TENANT_METHOD_PATH`. Without the variable none of this is installed and
`replica_reads()` changes nothing.

- **Which reads.** Only code inside `replica_reads()` reads from the standby: the district
  dashboard, the district figures API and the district and school report builds. Everything
  else — sessions, logins, a page that shows what it has just written — reads the primary.
  Writes always go to the primary, even for an object that was read from the standby.
- **The school's schema on the standby.** django-tenants sets `search_path` only on the
  connection it is called for (the default one). Its hook runs inside every `set_tenant`
  (middleware, `schema_context`, `tenant_context`, Celery's tenant switch, and
  `set_schema_to_public`, which goes through `set_tenant` too); `replica_follows_tenant`
  makes the replica connection follow. The replica's own `set_tenant` runs the hook again;
  the hook acts only for the default connection and is guarded per thread, so it never
  recurses.
- **TENANT_LIMIT_SET_CALLS.** With it on, a connection issues `SET search_path` only when its
  remembered schema was cleared; `set_tenant` clears it on the connection it runs for, so the
  replica's `set_tenant` here clears the replica's own. Both values work (the test runs both).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)
_following = threading.local()


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block go to the standby (when there is one); writes still go to the primary.

    Usable as a decorator. Only for reads that tolerate data a few milliseconds old.
    """
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reading_alias() -> str:
    """The alias a read would use here and now."""
    return REPLICA if _reading_replica.get() and replica_configured() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads inside `replica_reads()` to the standby; every write, and nothing ever migrated, on it."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return REPLICA if _reading_replica.get() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same database, one copy of it on each server

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def replica_follows_tenant(wrapper: Any, tenant: Any) -> None:
    """django-tenants' EXTRA_SET_TENANT_METHOD: set the same school on the replica connection."""
    if wrapper.alias != DEFAULT_DB_ALIAS or getattr(_following, "active", False) or not replica_configured():
        return
    _following.active = True
    try:
        replica: Any = connections[REPLICA]
        replica.set_tenant(tenant, wrapper.include_public_schema)
    finally:
        _following.active = False
