"""What a newly registered school starts with, said by the layers above tenants.

`school_register` runs every step registered here inside the new school's schema and in its one
transaction (today: the year's roadmap from the district's template, registered by roadmap.apps).
So tenants, at the foundation, imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenants.models import School

_steps: list[Callable[..., Any]] = []


def school_setup_step(step: Callable[..., Any]) -> None:
    """Add a step (called with `school=`) that every new school runs once (from an AppConfig.ready)."""
    if step not in _steps:
        _steps.append(step)


def school_setup_run(*, school: School) -> None:
    """Run the registered steps for a new school (call inside its schema, in the registering transaction)."""
    for step in _steps:
        step(school=school)
