"""Copying the template school's schema into a new school's schema, in the caller's transaction.

Why not django-tenants' `clone_schema`: it re-creates its plpgsql function before every clone
and two of its statements scan the whole catalog (a `pg_indexes` join once per table, a
`role_table_grants` query), so each school costs more than the one before — 0.4 s for the
first, 15 s around the 140th (issue 15, design note 13).

Here the template's DDL is read from the catalog once per migration state of the template —
every query restricted to the template's namespace by its oid — and kept in this process as a
script; a clone is that script with the new schema's name in it, sent in one round trip. The
script re-creates the tables (`LIKE … INCLUDING ALL EXCLUDING INDEXES EXCLUDING IDENTITY`:
columns, defaults, NOT NULL and CHECK constraints), the identity columns with the template's
sequence names and options, the template's rows (`django_migrations` above all) and sequence
positions, the primary keys, UNIQUE and EXCLUDE constraints and every other index under the
template's names, and the foreign keys last. Nothing depends on `pg_dump` (which must match
the server's major version: the machine's PostgreSQL 15 here, pgserver's 16 elsewhere).

The script is keyed on the template's recorded migrations (their count and last id): a
migration applied to the template (or rolled back) gives a new key and the script is read
again. A template holding anything the script does not re-create (views, functions,
triggers, grants, sequences not owned by an identity column, rules, policies) raises
`TemplateNotSimple` and the caller falls back to django-tenants' clone.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection, transaction

# Where the new schema's (quoted) name goes in the kept script.
_MARK = '"\x01new_school_schema\x01"'


class TemplateNotSimple(Exception):
    """The template holds objects this module does not copy (the message says which)."""


def _qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class CloneScript:
    key: tuple[int, int]
    sql: str  # with _MARK where the new schema's name goes

    def for_schema(self, schema: str) -> str:
        return self.sql.replace(_MARK, _qi(schema))


_cache: dict[str, CloneScript] = {}
_lock = threading.Lock()


def template_state_key(template: str) -> tuple[int, int]:
    """(number, last id) of the migrations recorded in the template: changes with every migration."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{_qi(template)}.django_migrations"])
        if not cursor.fetchone()[0]:  # a template schema not migrated yet
            return 0, 0
        cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {_qi(template)}.django_migrations")  # noqa: S608 - quoted
        count, last = cursor.fetchone()
    return int(count), int(last)


# Anything in the template's namespace that the script would not re-create.
_UNSUPPORTED_SQL = """
    SELECT 'relation ' || c.relname || ' (kind ' || c.relkind::text || ')'
      FROM pg_class c
     WHERE c.relnamespace = %(ns)s AND c.relkind NOT IN ('r', 'i', 'S')
    UNION ALL
    SELECT 'sequence ' || c.relname || ' not owned by an identity column'
      FROM pg_class c
     WHERE c.relnamespace = %(ns)s AND c.relkind = 'S' AND NOT EXISTS (
           SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
              AND d.deptype = 'i' AND d.refclassid = 'pg_class'::regclass)
    UNION ALL
    SELECT 'grants on ' || c.relname FROM pg_class c WHERE c.relnamespace = %(ns)s AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = %(ns)s
    UNION ALL
    SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal
    UNION ALL
    SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
     WHERE c.relnamespace = %(ns)s
    UNION ALL
    SELECT 'policy ' || p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
     WHERE c.relnamespace = %(ns)s
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t
     WHERE t.typnamespace = %(ns)s AND t.typrelid = 0 AND t.typelem = 0
    UNION ALL
    SELECT 'default using a sequence on ' || c.relname || '.' || a.attname
      FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
      JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE c.relnamespace = %(ns)s AND pg_get_expr(d.adbin, d.adrelid) LIKE '%%nextval(%%'
"""

_TABLES_SQL = "SELECT oid, relname FROM pg_class WHERE relnamespace = %s AND relkind = 'r' ORDER BY relname"

_COLUMNS_SQL = """
    SELECT a.attrelid, a.attname, a.attidentity, a.attgenerated
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attrelid, a.attnum
"""

_IDENTITY_SQL = """
    SELECT c.relname, a.attname, a.attidentity, s.relname, format_type(q.seqtypid, NULL),
           q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle
      FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attidentity <> ''
      JOIN pg_depend d ON d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
                      AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      JOIN pg_sequence q ON q.seqrelid = s.oid
     WHERE c.relnamespace = %s
     ORDER BY c.relname, a.attnum
"""

# Constraints other than CHECK (copied by LIKE): keys and exclusions first, foreign keys last.
_CONSTRAINTS_SQL = """
    SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
     WHERE c.relnamespace = %s AND con.contype IN ('p', 'u', 'x', 'f')
     ORDER BY con.contype = 'f', c.relname, con.conname
"""

# Indexes that no key or exclusion constraint makes.
_INDEXES_SQL = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid)
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE c.relnamespace = %s AND NOT EXISTS (
           SELECT 1 FROM pg_constraint con
            WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
     ORDER BY ic.relname
"""


def _read_script(template: str, key: tuple[int, int]) -> CloneScript:
    """The template's DDL and data copy as one script (read from the catalog, namespace by oid)."""
    src = _qi(template)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        search_path = cursor.fetchone()[0]
        # Under the template's search path the catalog functions write its own tables unqualified
        # (they resolve in the new schema when the script runs) and public ones as `public.…`.
        cursor.execute("SELECT set_config('search_path', %s, true)", [src])
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [template])
        ns = cursor.fetchone()[0]
        cursor.execute(_UNSUPPORTED_SQL, {"ns": ns})
        unsupported = [row[0] for row in cursor.fetchall()]
        if unsupported:
            raise TemplateNotSimple("; ".join(sorted(unsupported)[:10]))
        cursor.execute(_TABLES_SQL, [ns])
        tables = cursor.fetchall()
        cursor.execute(_COLUMNS_SQL, [ns])
        columns: dict[int, list[tuple[str, str, str]]] = {}
        for relid, name, identity, generated in cursor.fetchall():
            columns.setdefault(relid, []).append((name, identity, generated))
        cursor.execute(_IDENTITY_SQL, [ns])
        identities = cursor.fetchall()
        cursor.execute(_CONSTRAINTS_SQL, [ns])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, [ns])
        indexes = cursor.fetchall()
        # (a failure above rolls the savepoint back, and the search path with it)
        cursor.execute("SELECT set_config('search_path', %s, true)", [search_path])

    new = _MARK
    out = [f"CREATE SCHEMA {new}", f"SET LOCAL search_path TO {new}"]
    for _oid, table in tables:
        out.append(f"CREATE TABLE {new}.{_qi(table)} (LIKE {src}.{_qi(table)} "
                   "INCLUDING ALL EXCLUDING INDEXES EXCLUDING IDENTITY)")
    for table, column, kind, sequence, _seqtype, start, step, low, high, cache, cycle in identities:
        generated = "ALWAYS" if kind == "a" else "BY DEFAULT"
        out.append(
            f"ALTER TABLE {new}.{_qi(table)} ALTER COLUMN {_qi(column)} ADD GENERATED {generated} AS IDENTITY "
            f"(SEQUENCE NAME {new}.{_qi(sequence)} START WITH {start} INCREMENT BY {step} "
            f"MINVALUE {low} MAXVALUE {high} CACHE {cache}{' CYCLE' if cycle else ''})"
        )
    for oid, table in tables:
        names = ", ".join(_qi(name) for name, _identity, generated in columns.get(oid, []) if not generated)
        if names:
            override = " OVERRIDING SYSTEM VALUE" if any(i == "a" for _n, i, _g in columns[oid]) else ""
            copy = f"SELECT {names} FROM {src}.{_qi(table)}"  # noqa: S608 - names quoted by _qi
            out.append(f"INSERT INTO {new}.{_qi(table)} ({names}){override} {copy}")
    for _table, _column, _kind, sequence, *_rest in identities:
        position = f"SELECT last_value, is_called FROM {src}.{_qi(sequence)}"  # noqa: S608 - quoted by _qi
        out.append(f"SELECT setval('{new}.{_qi(sequence)}', s.last_value, s.is_called) FROM ({position}) s")  # noqa: S608
    for table, name, _kind, definition in constraints:
        out.append(f"ALTER TABLE {new}.{_qi(table)} ADD CONSTRAINT {_qi(name)} {definition}")
    for table, definition in indexes:
        on_template = f" ON {src}.{_qi(table)} USING "
        plain = f" ON {template}.{table} USING "  # the catalog quotes only names that need it
        for target in (on_template, plain):
            if target in definition:
                out.append(definition.replace(target, f" ON {new}.{_qi(table)} USING ", 1))
                break
        else:
            raise TemplateNotSimple(f"index definition not understood: {definition}")
    return CloneScript(key=key, sql=";\n".join(out))


def clone_script(template: str) -> CloneScript:
    """The script for the template's current migration state (read once per state, per process)."""
    key = template_state_key(template)
    with _lock:
        script = _cache.get(template)
        if script is None or script.key != key:
            script = _cache[template] = _read_script(template, key)
    return script


def schema_clone(template: str, schema: str) -> None:
    """Create `schema` as a copy of `template`, in the caller's transaction (one round trip).

    The connection's search path is the same afterwards (django-tenants keeps track of it).
    """
    script = clone_script(template)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        search_path = cursor.fetchone()[0] or "''"
        cursor.execute(script.for_schema(schema) + f";\nSET LOCAL search_path TO {search_path}")
