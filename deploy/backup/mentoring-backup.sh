#!/usr/bin/env bash
# Nightly backup of the whole platform database (every school's schema and the district's public
# schema) and the uploaded files, then a restore test of that backup into a scratch database.
#
#   mentoring-backup.sh            (reads DATABASE_URL, BACKUP_DIR, MEDIA_ROOT; KEEP_DAYS=14)
#
# pg_dump must be at least the server's major version (Debian: /usr/lib/postgresql/<major>/bin).
# The dump is custom format: `pg_restore -j N` restores it in parallel, and one school can be
# taken out of it with `pg_restore -n <schema>` (or use manage.py school_export for one school).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}" "${BACKUP_DIR:?set BACKUP_DIR}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
KEEP_DAYS="${KEEP_DAYS:-14}"
stamp="$(date +%Y-%m-%dT%H%M)"
mkdir -p "$BACKUP_DIR"
dump="$BACKUP_DIR/mentoring-$stamp.dump"

started=$(date +%s)
"$PG_BIN/pg_dump" -Fc -Z 6 -d "$DATABASE_URL" -f "$dump.partial"
mv "$dump.partial" "$dump"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/media-$stamp.tar.gz" .
fi
echo "backup $dump: $(du -h "$dump" | cut -f1) in $(( $(date +%s) - started )) s"

"$(dirname "$0")/mentoring-restore-check.sh" "$dump"

find "$BACKUP_DIR" -name 'mentoring-*.dump' -mtime +"$KEEP_DAYS" -delete
find "$BACKUP_DIR" -name 'media-*.tar.gz' -mtime +"$KEEP_DAYS" -delete
