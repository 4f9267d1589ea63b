"""The action log as people read it: a Russian label per action, the verbose names of fields, values as the
interface shows them (31.08.2022, choices by label, people and objects by name), never internal ids.

The audit layer knows no domain app: it reads labels from this catalogue and verbose names, choices and names
from the models through the app registry, loading each page's objects once per model (bounded queries).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from audit.catalogue import ACTION_LABELS, DETAIL_CHOICES, DETAIL_LABELS, GROUP_LABELS

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MAX_VALUE_LENGTH = 300


def action_label(code: str) -> str:
    """«staff.updated» → «Изменены сведения о сотруднике»; an action not in the catalogue is named by its group."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    group = GROUP_LABELS.get(code.split(".", 1)[0])
    return _("%(group)s: another action") % {"group": group} if group else _("Another action")


def action_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """The kinds of action for a filter: (code, label) sorted by label."""
    return sorted(((code, action_label(code)) for code in set(codes)), key=lambda pair: pair[1])


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:  # type: ignore[type-arg]
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _choices_field(key: str) -> models.Field | None:  # type: ignore[type-arg]
    where = DETAIL_CHOICES.get(key)
    if where is None:
        return None
    found = _field(_model(f"{where[0]}.{where[1]}"), where[2])
    return found if found is not None and found.choices else None


def detail_label(key: str, model: type[models.Model] | None) -> str:
    label = DETAIL_LABELS.get(key)
    if label is not None:
        return str(label)
    model_field = _field(model, key)
    if model_field is not None:
        return str(model_field.verbose_name)
    return key.replace("_", " ")


def _date(text: str) -> str:
    try:
        if _ISO_DATETIME.match(text):
            return dt.datetime.fromisoformat(text).strftime("%d.%m.%Y %H:%M")
        return dt.date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        return text


def _is_id(value: object) -> bool:
    return isinstance(value, uuid.UUID) or (isinstance(value, str) and bool(_UUID.match(value)))


@dataclass
class _Names:
    """Objects named by id, loaded once per model for a page of events."""

    wanted: dict[type[models.Model], set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[tuple[type[models.Model], str], str] = field(default_factory=dict)

    def want(self, model: type[models.Model] | None, pk: object) -> None:
        if model is not None and pk not in (None, ""):
            self.wanted[model].add(str(pk))

    def load(self) -> None:
        for model, ids in self.wanted.items():
            valid = [pk for pk in ids if _valid_pk(model, pk)]
            for obj in model._default_manager.filter(pk__in=valid):
                self.names[(model, str(obj.pk))] = str(obj)

    def name(self, model: type[models.Model] | None, pk: object) -> str:
        return self.names.get((model, str(pk)), "") if model is not None else ""


def _valid_pk(model: type[models.Model], pk: str) -> bool:
    try:
        model._meta.pk.to_python(pk)  # type: ignore[union-attr]
    except Exception:  # a malformed id of an old record: simply not named
        return False
    return True


@dataclass
class EventView:
    """One line of the log as shown: when, who, what, on which object, and the details."""

    at: dt.datetime
    actor_name: str
    action: str
    action_label: str
    object_kind: str
    object_name: str
    details: list[tuple[str, str]]


def _value(key: str, value: Any, model: type[models.Model] | None, names: _Names) -> str | None:
    """A detail's value as the interface shows it; None to leave it out (an internal id nobody can read)."""
    model_field = _field(model, key)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        if key == "fields" and model is not None:
            return ", ".join(detail_label(str(item), model) for item in value) or "—"
        shown = [_value(key, item, model, names) for item in value]
        return ", ".join(item for item in shown if item) or "—"
    if isinstance(value, dict):
        parts = [(detail_label(k, model), _value(k, v, model, names)) for k, v in value.items()]
        return "; ".join(f"{label}: {text}" for label, text in parts if text is not None) or "—"
    choices_field = model_field if model_field is not None and model_field.choices else _choices_field(key)
    if choices_field is not None:
        return str(dict(choices_field.flatchoices).get(value, value))  # type: ignore[arg-type]
    if _is_id(value):
        related = model_field.related_model if model_field is not None and model_field.is_relation else None
        name = names.name(related if isinstance(related, type) else None, value)
        return name or None
    if isinstance(value, str) and (_ISO_DATE.match(value) or _ISO_DATETIME.match(value)):
        return _date(value)
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[:MAX_VALUE_LENGTH] + "…"


def present(events: Sequence[Any]) -> list[EventView]:
    """The page's events as people read them (one query per model named on the page)."""
    names = _Names()
    for event in events:
        model = _model(event.target_type)
        names.want(model, event.target_id)
        for key, value in (event.details or {}).items():
            model_field = _field(model, key)
            if model_field is not None and model_field.is_relation and _is_id(value):
                related = model_field.related_model
                names.want(related if isinstance(related, type) else None, value)
    names.load()
    shown: list[EventView] = []
    for event in events:
        model = _model(event.target_type)
        details: list[tuple[str, str]] = []
        for key, value in (event.details or {}).items():
            text = _value(key, value, model, names)
            if text is not None:
                details.append((detail_label(key, model), text))
        shown.append(EventView(
            at=event.at, actor_name=event.actor_name if event.actor_name != "system" else _("the platform"),
            action=event.action, action_label=action_label(event.action),
            object_kind=str(model._meta.verbose_name) if model is not None else "",
            object_name=names.name(model, event.target_id), details=details,
        ))
    return shown


def as_api(view: EventView) -> Mapping[str, object]:
    """The labels an API client shows beside the codes."""
    return {"action_label": view.action_label, "object_kind": view.object_kind, "object_name": view.object_name,
            "details_shown": [{"label": label, "value": value} for label, value in view.details]}

