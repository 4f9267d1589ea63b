"""manage.py school_export <slug> FILE: one school (its schema, public rows and files) as one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.transfer import TransferError, school_export


class Command(BaseCommand):
    help = "Write one school — its schema, its rows in the public schema, its files — to one archive with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the school's address (subdomain), e.g. meskety")
        parser.add_argument("file", help="the archive to write, e.g. meskety.tar.gz")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            manifest = school_export(slug=opts["slug"], path=Path(opts["file"]))
        except TransferError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["schema_tables"].values())
        public = sum(model["rows"] for model in manifest["public_rows"].values())
        self.stdout.write(self.style.SUCCESS(
            f"{manifest['school']['name']} ({manifest['school']['slug']}) written to {opts['file']}: "
            f"{len(manifest['schema_tables'])} tables, {rows} rows in its schema, {public} public rows, "
            f"{sum(1 for name in manifest['files'] if name.startswith('media/'))} files."))
