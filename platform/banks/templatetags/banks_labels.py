"""Labels for the choice values that the mentor questionnaire keeps in arrays."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from banks.models import Direction
from mentoring.models import Mode, RoleForm

register = template.Library()


def _labels(values: Iterable[str] | None, choices: type[Direction] | type[Mode] | type[RoleForm]) -> str:
    labels = dict(choices.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or ())


@register.filter
def direction_labels(values: Iterable[str] | None) -> str:
    return _labels(values, Direction)


@register.filter
def mode_labels(values: Iterable[str] | None) -> str:
    return _labels(values, Mode)


@register.filter
def form_labels(values: Iterable[str] | None) -> str:
    return _labels(values, RoleForm)
