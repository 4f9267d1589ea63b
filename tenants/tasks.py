"""District-level tasks that concern every school."""

from __future__ import annotations

from config.celery import district_task, send_for_school
from tenants import selectors


@district_task(name="tenants.tasks.fan_out_to_schools", time_limit=60)
def fan_out_to_schools(task_name: str, task_args: list[object] | None = None, spread_seconds: int = 600) -> int:
    """Send `task_name(*task_args)` once for each active school, inside that school's schema.

    Start times are spread evenly over `spread_seconds` so that a thousand
    schools do not hit the database in the same second (design note 7).
    """
    schools = selectors.active_school_schemas()
    step = spread_seconds / max(len(schools), 1)
    for index, schema_name in enumerate(schools):
        send_for_school(task_name, schema_name=schema_name, args=task_args or [], countdown=round(index * step, 1))
    return len(schools)
