#!/usr/bin/env bash
# Restore test: restore a dump of mentoring-backup.sh into a scratch database on the same server,
# check it, drop it. Fails (non-zero) when the restore fails or the restored database lacks a
# school's schema, a table the dump lists, or the migrations of the template school.
#
#   mentoring-restore-check.sh /var/backups/mentoring/mentoring-2026-12-05T0300.dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
dump="$1"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
scratch="mentoring_restore_check_$$"
admin_url="${DATABASE_URL%/*}/postgres"
psql_admin() { "$PG_BIN/psql" -XAtq -d "$admin_url" -c "$1"; }
psql_scratch() { "$PG_BIN/psql" -XAtq -d "${DATABASE_URL%/*}/$scratch" -c "$1"; }

psql_admin "CREATE DATABASE \"$scratch\""
trap 'psql_admin "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)"' EXIT
started=$(date +%s)
"$PG_BIN/pg_restore" --no-owner --exit-on-error -j "${RESTORE_JOBS:-2}" -d "${DATABASE_URL%/*}/$scratch" "$dump"
restore_s=$(( $(date +%s) - started ))

listed=$("$PG_BIN/pg_restore" --list "$dump" | grep -c ' TABLE DATA ' || true)
restored=$(psql_scratch "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
missing=$(psql_scratch "SELECT count(*) FROM tenants_school s WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s.schema_name)")
schools=$(psql_scratch "SELECT count(*) FROM tenants_school")
template=$(psql_scratch "SELECT count(*) FROM school_template.django_migrations")
echo "restore check: $schools schools, $restored tables (dump lists $listed with data), template migrations $template, restored in $restore_s s"
if [ "$missing" != 0 ] || [ "$restored" -lt "$listed" ] || [ "$template" = 0 ]; then
  echo "RESTORE CHECK FAILED: $missing school schemas missing, $restored tables of $listed" >&2
  exit 1
fi
