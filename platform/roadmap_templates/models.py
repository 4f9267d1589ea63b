"""The district's template of the roadmap (дорожная карта, Приложение 2 of the regulation).

Kept in the public schema and versioned: a draft version is edited by the district
administrator and published; a published version never changes. Each school's roadmap
for an academic year is copied from the latest published version (roadmap app).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from people.roles import SchoolRole


class RoadmapTemplate(models.Model):
    """One version of the district's roadmap template."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=300)
    version = models.PositiveIntegerField(_("version"), unique=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("roadmap template")
        verbose_name_plural = _("roadmap templates")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="roadmap_template_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class TemplateStage(models.Model):
    """A stage (этап) of the template: the seed has seven."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    template = models.ForeignKey(RoadmapTemplate, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("template stage")
        verbose_name_plural = _("template stages")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_stage_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TemplateItem(models.Model):
    """An activity of a stage, timed relative to the academic year (September–August).

    `month` is the calendar month (9 = September … 8 = August) in which the activity is due;
    empty means «в течение года» (throughout the year, due at its end).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stage = models.ForeignKey(TemplateStage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("activity"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    responsible_role = models.CharField(_("responsible role"), max_length=32, choices=SchoolRole.choices,
                                        blank=True)

    class Meta:
        verbose_name = _("template activity")
        verbose_name_plural = _("template activities")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                                   name="template_item_month_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def timing_label(self) -> str:
        """«Сентябрь», or «в течение года»."""
        return str(MONTHS[self.month]) if self.month else str(_("throughout the year"))
