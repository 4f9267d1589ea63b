"""Банк лучших практик (методическая копилка): cases from completed programmes and methodological materials.

Files are kept per school under MEDIA_ROOT `schools/<schema>/practices/…` and are served only
through pages that check the right to them (practices.views), never by the web server directly.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from banks.models import Direction


def _schema() -> str:
    from django.db import connection

    return str(connection.schema_name)  # type: ignore[attr-defined]  # django-tenants' wrapper is untyped


def case_file_path(instance: CaseFile, filename: str) -> str:
    """schools/<schema>/practices/cases/<uuid>/<name>."""
    return f"schools/{_schema()}/practices/cases/{instance.id}/{filename}"


def material_file_path(instance: MethodMaterial, filename: str) -> str:
    """schools/<schema>/practices/materials/<uuid>/<name>."""
    return f"schools/{_schema()}/practices/materials/{instance.id}/{filename}"


class PracticeCase(models.Model):
    """Кейс лучшей практики: drawn from one completed personalised programme."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey("mentoring.Programme", on_delete=models.PROTECT, related_name="practice_cases",
                                  verbose_name=_("programme"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    results = models.TextField(_("results"), blank=True)
    directions = ArrayField(models.CharField(max_length=30, choices=Direction.choices), default=list, blank=True,
                            verbose_name=_("directions"))
    published = models.BooleanField(_("published on the public page"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("best practice case")
        verbose_name_plural = _("best practice cases")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CaseFile(models.Model):
    """A material of a case (presentation, lesson plan, report): a file for the school's members only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(PracticeCase, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=case_file_path, max_length=500)
    original_name = models.CharField(max_length=300)
    size = models.PositiveIntegerField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class MethodMaterial(models.Model):
    """Методический материал: a file or a link; a published one appears on the public page (§8.1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    directions = ArrayField(models.CharField(max_length=30, choices=Direction.choices), default=list, blank=True,
                            verbose_name=_("directions"))
    file = models.FileField(_("file"), upload_to=material_file_path, max_length=500, blank=True)
    original_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(_("link"), max_length=500, blank=True)
    published = models.BooleanField(_("published on the public page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("methodological material")
        verbose_name_plural = _("methodological materials")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(link=""), name="material_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title
