"""Отчёт района о реализации целевой модели наставничества: the job that builds it and its files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from formats.dates import AcademicYear
from reports.jobs import ReportStatus

__all__ = ["DistrictReport", "ReportStatus", "report_path"]


def report_path(instance: DistrictReport, filename: str) -> str:
    """Files are kept apart from every school's: district/reports/<report uuid>/<name>."""
    return f"district/reports/{instance.id}/{filename}"


class DistrictReport(models.Model):
    """The district's report for one academic year over all schools or a chosen few.

    Built in the background from the kept figures only (stats.models.SchoolFigures), never from a
    school's schema. `schools` holds the chosen schools' uuids (empty: every school of the year);
    `school_names` the names of the schools the report covers, as they were when it was built.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("academic year"), help_text=_("The year the academic year starts in."))
    schools = ArrayField(models.UUIDField(), default=list, blank=True, verbose_name=_("schools"))
    school_names = models.JSONField(_("schools covered"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=500, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=report_path, max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district report")
        verbose_name_plural = _("district reports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="districtreport_progress_range"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                   name="districtreport_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} ({self.pk})"

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.year)

    @property
    def all_schools(self) -> bool:
        return not self.schools

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY and bool(self.pdf) and bool(self.xlsx)

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
