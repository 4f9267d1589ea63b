"""django-tenants' PostgreSQL backend with a table listing that reads one schema's catalog rows.

Django lists tables (`introspection.table_names`, which `MigrationRecorder.has_table` calls
several times per schema during `migrate`) with `pg_table_is_visible(oid)` evaluated on every
row of `pg_class`: with ~230 relations per school that is every school's catalog, read once per
schema — `migrate` grew faster than linearly with the district (design note 13). Here the rows
are taken by the schema's namespace oid: the same tables (django-tenants lists only the current
schema's), without a visibility test per row of the whole catalog.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.introspection import TableInfo
from django_tenants.postgresql_backend import base
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection

_TABLES_SQL = """
    SELECT c.relname,
           CASE WHEN c.relispartition THEN 'p' WHEN c.relkind IN ('m', 'v') THEN 'v' ELSE 't' END,
           obj_description(c.oid, 'pg_class')
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %s)
       AND c.relkind IN ('f', 'm', 'p', 'r', 'v')
"""


class SchemaIntrospection(DatabaseSchemaIntrospection):
    def get_table_list(self, cursor: Any) -> list[TableInfo]:
        cursor.execute(_TABLES_SQL, [self.connection.schema_name])
        return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.introspection = SchemaIntrospection(self)
