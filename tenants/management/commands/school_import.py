"""manage.py school_import FILE: restore a school from its archive (after a loss, or moved from another deployment)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.transfer import TransferError, school_import


class Command(BaseCommand):
    help = ("Restore a school from an archive of school_export: refused if anything of it is already here; "
            "all or nothing; every count and checksum compared with the archive's manifest.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an archive written by school_export")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = school_import(path=Path(opts["file"]))
        except TransferError as error:
            raise CommandError(str(error)) from error
        left_out = "".join(f"; left out {count} of {label}" for label, count in result.left_out.items())
        self.stdout.write(self.style.SUCCESS(
            f"{result.school.short_name} ({result.school.slug}, schema {result.school.schema_name}) imported: "
            f"{len(result.manifest['schema_tables'])} tables and the public rows match the archive; "
            f"{result.people_added} people added{left_out}."))
