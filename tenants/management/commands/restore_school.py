"""manage.py restore_school: bring an archived school back (same service as the district's page)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands.archive_school import validation_lines
from tenants.selectors import school_by_slug
from tenants.services import school_restore


class Command(BaseCommand):
    help = "Restore an archived school: its host is served and its people can log in again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the school's address, e.g. meskety")

    def handle(self, *args: Any, **opts: Any) -> None:
        school = school_by_slug(opts["slug"].strip().lower())
        if school is None:
            raise CommandError(f"No school with the address {opts['slug']!r}.")
        try:
            school_restore(acting_user=None, school=school)
        except ValidationError as error:
            raise CommandError(validation_lines(error)) from error
        self.stdout.write(self.style.SUCCESS(f"School {school.short_name} ({school.slug}) restored."))
