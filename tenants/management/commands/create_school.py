"""manage.py create_school: register a school from a script (same service as the web page)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.models import SchoolKind
from tenants.services import FirstAdministrator, school_register


class Command(BaseCommand):
    help = "Register a school: its schema, its domain and its first administrator, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="subdomain and schema name, e.g. meskety")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--short-name", required=True)
        parser.add_argument("--kind", default=SchoolKind.SOSH, choices=SchoolKind.values)
        parser.add_argument("--locality", default="")
        parser.add_argument("--second-language-code", default="")
        parser.add_argument("--full-name-second-language", default="")
        parser.add_argument("--short-name-second-language", default="")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-last-name", default="")
        parser.add_argument("--admin-first-name", default="")
        parser.add_argument("--admin-patronymic", default="")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--admin-password", default="", help="generated and printed when empty")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            registered = school_register(
                acting_user=None,
                slug=opts["slug"], full_name=opts["full_name"], short_name=opts["short_name"],
                kind=opts["kind"], locality=opts["locality"],
                second_language_code=opts["second_language_code"],
                full_name_second_language=opts["full_name_second_language"],
                short_name_second_language=opts["short_name_second_language"],
                administrator=FirstAdministrator(
                    username=opts["admin_username"], last_name=opts["admin_last_name"],
                    first_name=opts["admin_first_name"], patronymic=opts["admin_patronymic"],
                    email=opts["admin_email"], password=opts["admin_password"],
                ),
            )
        except ValidationError as error:
            lines = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
            raise CommandError("\n".join(lines)) from error
        self.stdout.write(self.style.SUCCESS(
            f"School {registered.school.short_name} registered at {registered.domain.domain} "
            f"(schema {registered.school.schema_name}); administrator: {registered.administrator.username}"
        ))
        if registered.generated_password:
            self.stdout.write(f"One-time password: {registered.generated_password}")
