"""Итоговый аналитический отчёт школы за учебный год: the job that builds it and its files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formats.dates import AcademicYear
from reports.jobs import ReportStatus


def report_path(instance: SchoolReport, filename: str) -> str:
    """Files are kept per school: schools/<schema>/reports/<report uuid>/<name>."""
    from django.db import connection

    return f"schools/{connection.schema_name}/reports/{instance.id}/{filename}"  # type: ignore[attr-defined]  # django-tenants' wrapper is untyped


class SchoolReport(models.Model):
    """The school's final analytic report for one academic year (one row per year, rebuilt on request).

    `figures` keeps the numbers the files were built from, so the page, the PDF and the XLSX
    always show the same figures.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("academic year"), help_text=_("The year the academic year starts in."))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    conclusions = models.TextField(_("the curator's conclusions"), blank=True)
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=500, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=report_path, max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True,
        related_name="+", verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("final analytic report")
        verbose_name_plural = _("final analytic reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["year"], name="schoolreport_one_per_year"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="schoolreport_progress_range"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                   name="schoolreport_year_sane"),
        ]

    def __str__(self) -> str:
        return str(self.academic_year)

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.year)

    @property
    def year_slug(self) -> str:
        """«2025-2026»: the year in the page's address."""
        return f"{self.year}-{self.year + 1}"

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY and bool(self.pdf) and bool(self.xlsx)

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
