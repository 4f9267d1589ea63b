"""Periodic work of the mentor exchange (district schema)."""

from __future__ import annotations

from config.celery import district_task
from exchange.services import proposals_expire


@district_task(name="exchange.tasks.expire_proposals")
def expire_proposals() -> int:
    """Unanswered proposals past their answer date expire (hourly, see config.celery)."""
    return proposals_expire()
