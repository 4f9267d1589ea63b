"""The district's schools: registering one (schema, domain and first administrator in one
step), changing its details, archiving and restoring it."""

from __future__ import annotations

import logging
import re
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.clone import CloneSchema
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists, tenant_context

from audit.services import audit_record
from people.models import Membership, Person
from people.roles import DistrictRole, SchoolRole
from tenants.clone import TemplateNotSimple, schema_clone, template_state_key
from tenants.models import Domain, School, SchoolKind, SchoolStatus
from tenants.setup import school_setup_run

logger = logging.getLogger(__name__)

# A DNS label that is also a PostgreSQL schema name once '-' becomes '_'.
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,48}[a-z0-9]$")
RESERVED_SLUGS = frozenset(
    {
        "public", "www", "admin", "api", "static", "media", "district", "template",
        "school-template", "mail", "smtp", "ftp", "localhost", "information-schema",
    }
)


@dataclass(frozen=True)
class FirstAdministrator:
    """The school's first administrator: an existing person (by login) or a new one."""

    username: str
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    email: str = ""
    password: str = ""


@dataclass(frozen=True)
class RegisteredSchool:
    school: School
    domain: Domain
    administrator: Person
    # Set when the service generated the administrator's password; shown once.
    generated_password: str | None


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def school_schema_name(slug: str) -> str:
    return slug.replace("-", "_")


def school_host(slug: str) -> str:
    return f"{slug}.{settings.DISTRICT_HOST}"


def _validate_slug(slug: str) -> None:
    if not SLUG_PATTERN.match(slug) or "--" in slug:
        raise _field_error(
            "slug",
            _(
                "The address may contain only lowercase Latin letters, digits and hyphens, "
                "must start with a letter, end with a letter or digit and be 3 to 50 characters long."
            ),
            "invalid",
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise _field_error("slug", _("The address “%(slug)s” is reserved.") % {"slug": slug}, "reserved")
    schema = school_schema_name(slug)
    if School.objects.filter(slug=slug).exists() or School.objects.filter(schema_name=schema).exists():
        raise _field_error("slug", _("A school with the address “%(slug)s” already exists.") % {"slug": slug},
                           "duplicate")
    if Domain.objects.filter(domain=school_host(slug)).exists() or schema_exists(schema):
        raise _field_error("slug", _("The address “%(slug)s” is already taken.") % {"slug": slug}, "duplicate")


# What the district may change about a school after registering it (and sets when registering).
# The address (slug) is not among them: the schema, the domain and every link depend on it.
SCHOOL_DETAIL_FIELDS = (
    "full_name", "short_name", "kind", "locality",
    "second_language_code", "full_name_second_language", "short_name_second_language",
)


def _clean_school_details(values: dict[str, str]) -> dict[str, str]:
    """The school's names, kind and locality, stripped and checked the same way at
    registration and at every change; each problem is reported on its field."""
    cleaned = {field: str(values.get(field) or "").strip() for field in SCHOOL_DETAIL_FIELDS}
    errors = {}
    if not cleaned["full_name"]:
        errors["full_name"] = _("Enter the school's full name.")
    if not cleaned["short_name"]:
        errors["short_name"] = _("Enter the school's short name.")
    if cleaned["kind"] not in SchoolKind.values:
        errors["kind"] = _("Unknown kind of school.")
    if errors:
        raise ValidationError(errors, code="required")
    for field in SCHOOL_DETAIL_FIELDS:
        limit = School._meta.get_field(field).max_length
        if limit and len(cleaned[field]) > limit:
            raise _field_error(
                field, _("This is longer than %(max)d characters.") % {"max": limit}, "max_length"
            )
    return cleaned


def _resolve_administrator(admin: FirstAdministrator) -> tuple[Person, str | None]:
    username = admin.username.strip().lower()
    if not username:
        raise _field_error("admin_username", _("Enter the administrator's login."), "required")
    existing = Person.objects.filter(username__iexact=username).first()
    if existing is not None:
        if not existing.is_active:
            raise _field_error("admin_username", _("This person's account is deactivated."), "inactive")
        return existing, None
    errors = {}
    if not admin.last_name.strip():
        errors["admin_last_name"] = _("Enter the administrator's last name.")
    if not admin.first_name.strip():
        errors["admin_first_name"] = _("Enter the administrator's first name.")
    if errors:
        raise ValidationError(errors, code="required")
    generated = None if admin.password else secrets.token_urlsafe(12)
    person = Person.objects.create_user(
        username,
        password=admin.password or generated,
        last_name=admin.last_name.strip(),
        first_name=admin.first_name.strip(),
        patronymic=admin.patronymic.strip(),
        email=admin.email.strip(),
        # A generated password is a one-time code: the first sign-in must choose a password (issue 10).
        must_set_password=generated is not None,
    )
    return person, generated


def school_template_ensure() -> School:
    """The migrated, empty school that new schools are cloned from (design note 3).

    It is a School row (status «template») so that `migrate_schemas` migrates it with
    every school; if it is behind all the same (a deploy that skipped it), it is
    migrated here before anything is cloned from it, since a clone of a stale
    template would get migrations recorded without their tables or columns.
    """
    template_schema = settings.TENANT_BASE_SCHEMA
    template = School.objects.filter(schema_name=template_schema).first()
    if template is None:
        template = School(
            schema_name=template_schema, slug="school-template", full_name="Шаблон школы",
            short_name="Шаблон школы", kind=SchoolKind.OTHER, status=SchoolStatus.TEMPLATE,
        )
        template.save()
    if not schema_exists(template_schema):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template_schema}"')
    if _template_behind(template_schema):
        call_command(
            "migrate_schemas", schema_name=template_schema, executor="standard", interactive=False, verbosity=0
        )
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return template


# The template's migration state (tenants.clone.template_state_key) last seen with nothing pending.
_template_current: dict[str, tuple[int, int]] = {}


def _template_behind(template_schema: str) -> bool:
    """Whether the template misses a migration; the full check (loading every migration file and
    Django's table listing) runs once per migration state of the template, not per school."""
    key = template_state_key(template_schema)
    if _template_current.get(template_schema) == key:
        return False
    if template_pending_migrations():
        return True
    _template_current[template_schema] = key
    return False


def template_pending_migrations() -> list[str]:
    """Migrations the template schema has not applied, as `app.name` strings."""
    with schema_context(settings.TENANT_BASE_SCHEMA):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _create_school_schema(school: School) -> None:
    """Clone the template schema (or, with cloning off, migrate a new one) inside the caller's transaction.

    django-tenants' `create_schema` would run `migrate_schemas` with the configured
    executor; the multiprocessing executor closes this connection and would end
    the transaction, so the in-process executor is asked for explicitly here.
    """
    if getattr(settings, "TENANT_CREATION_FAKES_MIGRATIONS", False):
        # The clone copies the template's rows too, django_migrations included; the
        # template was checked to be current just before, so every migration the code
        # knows is recorded already and faking them again would only cost time.
        try:
            schema_clone(settings.TENANT_BASE_SCHEMA, school.schema_name)
        except TemplateNotSimple as reason:  # something the script does not copy: django-tenants' slow clone
            logger.warning("Cloning %s with django-tenants: %s", school.schema_name, reason)
            CloneSchema().clone_schema(settings.TENANT_BASE_SCHEMA, school.schema_name)
            _restore_constraint_names(settings.TENANT_BASE_SCHEMA, school.schema_name)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{school.schema_name}"')
        call_command(
            "migrate_schemas", tenant=True, schema_name=school.schema_name,
            executor="standard", interactive=False, verbosity=0,
        )
    connection.set_schema_to_public()  # type: ignore[attr-defined]


_CONSTRAINTS_SQL = """
    SELECT cls.relname, con.conname, replace(pg_get_constraintdef(con.oid), ns.nspname || '.', '')
    FROM pg_constraint con
    JOIN pg_class cls ON cls.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = cls.relnamespace
    WHERE ns.nspname = %s
"""


def _restore_constraint_names(template_schema: str, schema: str) -> None:
    """Give the clone's constraints the template's names.

    django-tenants' clone function re-creates UNIQUE constraints under PostgreSQL's
    default names; a later migration that removes or renames such a constraint by its
    Django name would then fail on cloned schools only.
    """
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS_SQL, [template_schema])
        expected = {(table, definition): name for table, name, definition in cursor.fetchall()}
        cursor.execute(_CONSTRAINTS_SQL, [schema])
        for table, name, definition in cursor.fetchall():
            wanted = expected.get((table, definition))
            if wanted and wanted != name:
                cursor.execute(f'ALTER TABLE "{schema}"."{table}" RENAME CONSTRAINT "{name}" TO "{wanted}"')


def school_register(
    *,
    acting_user: Person | None,
    slug: str,
    full_name: str,
    short_name: str,
    kind: str = SchoolKind.SOSH,
    locality: str = "",
    second_language_code: str = "",
    full_name_second_language: str = "",
    short_name_second_language: str = "",
    administrator: FirstAdministrator,
) -> RegisteredSchool:
    """Create a school's schema, its domain and its first administrator, all or nothing.

    Everything happens in one transaction (PostgreSQL DDL is transactional): if
    any part fails, no schema, domain, school or person is left behind.
    """
    slug = slug.strip().lower()
    _validate_slug(slug)
    details = _clean_school_details({
        "full_name": full_name, "short_name": short_name, "kind": kind, "locality": locality,
        "second_language_code": second_language_code, "full_name_second_language": full_name_second_language,
        "short_name_second_language": short_name_second_language,
    })

    school_template_ensure()
    try:
        return _register_in_one_transaction(
            acting_user=acting_user, slug=slug, administrator=administrator,
            school=School(
                schema_name=school_schema_name(slug), slug=slug, status=SchoolStatus.ACTIVE, **details,
            ),
        )
    except IntegrityError as error:  # the same address registered by someone else at this very moment
        raise _field_error(
            "slug", _("A school with the address “%(slug)s” already exists.") % {"slug": slug}, "duplicate"
        ) from error


def _register_in_one_transaction(
    *, acting_user: Person | None, slug: str, administrator: FirstAdministrator, school: School
) -> RegisteredSchool:
    with transaction.atomic():
        person, generated_password = _resolve_administrator(administrator)
        try:
            school.save()
        except ValidationError as error:  # django-tenants found the schema name taken (ignoring case)
            raise _field_error(
                "slug", _("A school with the address “%(slug)s” already exists.") % {"slug": slug}, "duplicate"
            ) from error
        _create_school_schema(school)
        domain = Domain.objects.create(domain=school_host(slug), tenant=school, is_primary=True)
        # A new school starts with what the layers above register (its year's roadmap: roadmap.apps).
        with tenant_context(school):
            school_setup_run(school=school)
        Membership.objects.create(person=person, school=school, roles=[SchoolRole.SYSADMIN])
        audit_record(
            actor=acting_user, action="school.registered", school=school, target=school,
            details={"slug": slug, "administrator": person.username},
        )
    return RegisteredSchool(school=school, domain=domain, administrator=person, generated_password=generated_password)


# --- Managing a registered school (the district office) ---------------------------------------

REASON_MAX = 2000


def _require_district_admin(acting_user: Person | None) -> None:
    # None is the system (a management command an administrator scripts).
    if acting_user is not None and not (
        acting_user.is_superuser or DistrictRole.ADMIN in acting_user.district_roles
    ):
        raise PermissionDenied


def _in_the_district() -> AbstractContextManager[None]:
    """The district's writes happen in the public schema, whatever the caller's connection is set
    to: the School row is saved there (django-tenants refuses it from another school's schema)
    and the audit record is the district's."""
    return schema_context(get_public_schema_name())


def _locked(school: School) -> School:
    """The school's row, locked until the end of the transaction, so that two officials
    acting at once see each other's change (an archived school is not archived twice)."""
    return School.objects.select_for_update().get(pk=school.pk)


def _refuse_unmanaged(school: School) -> None:
    """The template school and a school still being provisioned are not the district's to change."""
    if school.status == SchoolStatus.TEMPLATE:
        raise ValidationError(
            _("The template school is not a school of the district: it cannot be edited or archived."),
            code="template",
        )
    if school.status == SchoolStatus.PROVISIONING:
        raise ValidationError(
            _("The school's space is still being provisioned: it can be edited or archived once it is active."),
            code="provisioning",
        )


def _sync(school: School, fresh: School, fields: tuple[str, ...]) -> None:
    for field in fields:
        setattr(school, field, getattr(fresh, field))


def school_update(*, acting_user: Person | None, school: School, **fields: str) -> School:
    """Change a school's names (both languages), second-language code, kind and locality.

    The same checks as at registration. The address (slug) — and so the domain and the
    schema — cannot change. Only the district administrator; the template school and a
    school still being provisioned are refused. An archived school may be corrected.
    Fields not given keep their value; nothing changed, nothing recorded.
    """
    _require_district_admin(acting_user)
    not_editable = sorted(set(fields) - set(SCHOOL_DETAIL_FIELDS))
    if not_editable:
        raise ValidationError({
            field: ValidationError(
                _("The address cannot be changed: the school's space, its host and every link depend on it.")
                if field in ("slug", "domain", "schema_name") else _("This cannot be changed here."),
                code="not_editable",
            )
            for field in not_editable
        })
    with _in_the_district(), transaction.atomic():
        locked = _locked(school)
        _refuse_unmanaged(locked)
        wanted = _clean_school_details(
            {field: fields.get(field, getattr(locked, field)) for field in SCHOOL_DETAIL_FIELDS}
        )
        changes = {
            field: [getattr(locked, field), value] for field, value in wanted.items() if getattr(locked, field) != value
        }
        if changes:
            for field in changes:
                setattr(locked, field, wanted[field])
            locked.save(update_fields=list(changes))
            audit_record(
                actor=acting_user, action="school.updated", school=locked, target=locked,
                details={"changes": changes},
            )
    _sync(school, locked, SCHOOL_DETAIL_FIELDS)
    return locked


_ARCHIVE_FIELDS = ("status", "archived_at", "archived_by", "archive_reason")


def school_archive(*, acting_user: Person | None, school: School, reason: str) -> School:
    """Archive a school: its host answers 404 and nobody can log in there, while its
    schema, its data and its people's memberships stay as they are (a restore brings
    it all back). A reason is required and kept with who archived it and when.

    Only the district administrator; an active school only (not the template school,
    not one still being provisioned, not one archived already).
    """
    _require_district_admin(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("State the reason for archiving the school."), "required")
    if len(reason) > REASON_MAX:
        raise _field_error("reason", _("This is longer than %(max)d characters.") % {"max": REASON_MAX},
                           "max_length")
    with _in_the_district(), transaction.atomic():
        locked = _locked(school)
        _refuse_unmanaged(locked)
        if locked.status == SchoolStatus.ARCHIVED:
            raise ValidationError(
                _("The school “%(name)s” is archived already.") % {"name": locked.short_name},
                code="archived",
            )
        locked.status = SchoolStatus.ARCHIVED
        locked.archived_at = timezone.now()
        locked.archived_by = acting_user
        locked.archive_reason = reason
        locked.save(update_fields=list(_ARCHIVE_FIELDS))
        audit_record(
            actor=acting_user, action="school.archived", school=locked, target=locked,
            details={"slug": locked.slug, "reason": reason},
        )
    _sync(school, locked, _ARCHIVE_FIELDS)
    return locked


def school_restore(*, acting_user: Person | None, school: School) -> School:
    """Bring an archived school back: its host is served and its people can log in again
    with the memberships and roles they had. The archiving is kept in the audit record.

    Only the district administrator; only an archived school.
    """
    _require_district_admin(acting_user)
    with _in_the_district(), transaction.atomic():
        locked = _locked(school)
        _refuse_unmanaged(locked)
        if locked.status != SchoolStatus.ARCHIVED:
            raise ValidationError(
                _("The school “%(name)s” is not archived.") % {"name": locked.short_name}, code="not_archived"
            )
        archived = {
            "slug": locked.slug,
            "archived_at": locked.archived_at.isoformat() if locked.archived_at else None,
            "reason": locked.archive_reason,
        }
        locked.status = SchoolStatus.ACTIVE
        locked.archived_at = None
        locked.archived_by = None
        locked.archive_reason = ""
        locked.save(update_fields=list(_ARCHIVE_FIELDS))
        audit_record(actor=acting_user, action="school.restored", school=locked, target=locked, details=archived)
    _sync(school, locked, _ARCHIVE_FIELDS)
    return locked
