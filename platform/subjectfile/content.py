"""The subject's file (152-ФЗ art. 14, the right to know): everything the platform holds about one person,
from the district space and from every school they belong or belonged to — and nothing of anyone else.

Cross-school by nature, so it lives above the schools' apps and reads each school inside its own schema.
The rows are found by the model graph, not by a hand-kept list, so a new app's table about a person is
in the file the day it is added:

- a row is *about the person* when a foreign key to a staff record points at their staff record in that
  school (staff, mentor, mentee, responsible, …), or a foreign key to the account named `person` or
  `user` points at them (a membership, a token, a directory entry); foreign keys that record who *did*
  something (`created_by`, `recorded_by`, …) do not make a row theirs;
- in a row, a reference to them reads «вы»; a reference to anyone else is left out; the audit record
  shows what was done about them and when, without who did it or the details;
- secrets are never shown (the password hash, the session counter, a token's key).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django_tenants.utils import schema_context

from people.models import Membership, Person

YOU = "вы"
SUBJECT_ACCOUNT_FIELDS = ("person", "user")
SECRET_FIELDS = {"password", "session_epoch", "key"}
# Audit rows say what was done about the person and when; not who did it, nor the details (they name others).
AUDIT_HIDDEN = {"actor", "actor_name", "details"}


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, dict | int | float | bool) or value is None:
        return value
    return str(value)


def _is_person_model(model: type[models.Model]) -> bool:
    return model._meta.label == settings.AUTH_USER_MODEL


def _is_staff_model(model: type[models.Model]) -> bool:
    return model._meta.label == "staff.StaffMember"


def _row(instance: models.Model, me: set[str]) -> dict[str, Any]:
    hidden = AUDIT_HIDDEN if instance._meta.label == "audit.AuditEvent" else set()
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in hidden:
            continue
        label = str(field.verbose_name)
        if field.is_relation:
            raw = getattr(instance, field.attname)
            related = field.related_model
            if raw is None:
                continue
            if str(raw) in me:
                row[label] = YOU
            elif related is not None and related._meta.label == "tenants.School":
                row[label] = str(getattr(instance, field.name))
            elif not (_is_person_model(related) or _is_staff_model(related)):  # type: ignore[arg-type]
                row[label] = str(raw)
            continue
        if instance.pk is not None and field.primary_key and str(instance.pk) in me:
            row[label] = YOU
            continue
        row[label] = _labelled(field, getattr(instance, field.attname))
    return row


def _labelled(field: models.Field[Any, Any], value: Any) -> Any:
    """A choice as its label (roles, purposes, statuses), in the request's language."""
    choices = field.flatchoices or getattr(getattr(field, "base_field", None), "flatchoices", None)
    if choices:
        labels = {key: str(label) for key, label in choices}
        if isinstance(value, list):
            return [labels.get(item, item) for item in value]
        return labels.get(value, _value(value))
    return _value(value)


def _sections(app_labels: list[str], me: set[str], *, person: Person) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            rows = _rows_about(model, me, person=person)
            if rows:
                sections[str(model._meta.verbose_name_plural)] = rows
    return sections


def _rows_about(model: type[models.Model], me: set[str], *, person: Person) -> list[dict[str, Any]]:
    query = models.Q()
    if _is_person_model(model):
        query |= models.Q(pk=person.pk)
    if _is_staff_model(model):
        query |= models.Q(pk__in=[key for key in me if key != str(person.pk)])
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        if _is_staff_model(field.related_model):  # type: ignore[arg-type]
            query |= models.Q(**{f"{field.attname}__in": [key for key in me if key != str(person.pk)]})
        elif _is_person_model(field.related_model) and field.name in SUBJECT_ACCOUNT_FIELDS:  # type: ignore[arg-type]
            query |= models.Q(**{field.attname: person.pk})
    if model._meta.label == "audit.AuditEvent":
        query |= models.Q(target_id__in=list(me))
    if not query:
        return []
    return [_row(instance, me) for instance in model._default_manager.filter(query)]


def _tenant_app_labels() -> list[str]:
    shared = {app.rsplit(".", 1)[-1] for app in settings.SHARED_APPS}
    labels = [app.rsplit(".", 1)[-1] for app in settings.TENANT_APPS]
    return [label for label in labels if label not in shared or label == "audit"]


def _public_app_labels() -> list[str]:
    skip = {"contenttypes", "sessions", "messages", "staticfiles", "humanize", "admin"}
    labels = [app.rsplit(".", 1)[-1] for app in settings.SHARED_APPS]
    return [label for label in labels if label not in skip and label in apps.app_configs]


def subject_file(person: Person) -> dict[str, Any]:
    """The file: the account and the district space's records, then each school's, by the school's name."""
    me = {str(person.pk)}
    file: dict[str, Any] = {
        "Сформирован": _value(timezone.now()),
        "Оператор": "Платформа наставничества района",
        "Район": _sections(_public_app_labels(), me, person=person),
        "Школы": {},
    }
    memberships = Membership.objects.filter(person=person).select_related("school").order_by("school__full_name")
    for membership in memberships:
        school = membership.school
        with schema_context(school.schema_name):
            staff_model = apps.get_model("staff", "StaffMember")
            mine = me | {str(pk) for pk in staff_model.objects.filter(person=person).values_list("pk", flat=True)}
            file["Школы"][school.full_name] = _sections(_tenant_app_labels(), mine, person=person)
    return file


def my_consents(person: Person) -> list[tuple[str, list[Any]]]:
    """«Мои согласия» for the profile: each school I belong to, with my consents there (newest first)."""
    found: list[tuple[str, list[Any]]] = []
    memberships = Membership.objects.filter(person=person, is_active=True).select_related("school")
    for membership in memberships.order_by("school__full_name"):
        with schema_context(membership.school.schema_name):
            consent_model = apps.get_model("consents", "Consent")
            consents = list(consent_model.objects.filter(staff__person=person).order_by("-given_on"))
        found.append((membership.school.full_name, consents))
    return found
