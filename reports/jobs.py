"""Report jobs built by a task: claiming one, so a duplicate message never builds twice.

Shared by the school's final report and the district's report (both models have `status`,
`progress`, `started_at` and `error`, with `ReportStatus`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job running for longer than this is taken to have lost its worker and may be built again.
STALE_AFTER = dt.timedelta(minutes=15)

Job = TypeVar("Job", bound=models.Model)


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def job_claim(model: type[Job], job_id: Any) -> tuple[Job | None, str]:
    """Mark a queued job (or one running for longer than STALE_AFTER) as running, in its own transaction.

    Returns (the job, "running") when this worker is to build it, or (None, its status) when it
    is missing ("missing"), already built or failed, or being built by another worker.
    """
    with transaction.atomic():
        job: Any = model._default_manager.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None, "missing"
        running_elsewhere = (job.status == ReportStatus.RUNNING and job.started_at is not None
                             and timezone.now() - job.started_at < STALE_AFTER)
        if job.status not in (ReportStatus.QUEUED, ReportStatus.RUNNING) or running_elsewhere:
            return None, str(job.status)
        job.status = ReportStatus.RUNNING
        job.progress = 5
        job.started_at = timezone.now()
        job.error = ""
        job.save(update_fields=["status", "progress", "started_at", "error", "updated_at"])
    return job, str(job.status)
