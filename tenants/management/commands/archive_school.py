"""manage.py archive_school: archive a school from a script (same service as the district's page)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.selectors import school_by_slug
from tenants.services import school_archive


def validation_lines(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "\n".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Archive a school: its host answers 404 and nobody can log in there; its schema, data and "
        "memberships are kept (restore_school brings it back). Recorded in the district's audit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the school's address, e.g. meskety")
        parser.add_argument("--reason", required=True, help="why the school is archived (kept with the date)")

    def handle(self, *args: Any, **opts: Any) -> None:
        school = school_by_slug(opts["slug"].strip().lower())
        if school is None:
            raise CommandError(f"No school with the address {opts['slug']!r}.")
        try:
            school_archive(acting_user=None, school=school, reason=opts["reason"])
        except ValidationError as error:
            raise CommandError(validation_lines(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"School {school.short_name} ({school.slug}) archived; its data are kept in schema {school.schema_name}."
        ))
