"""The district's template of the regulation (Положение о системе наставничества), public schema.

Versioned like the roadmap template: the district administrator edits a draft version and
publishes it; a published version never changes, so a school that adopted «version 3» always
means one text. Version 1 is the platform's standard wording (documents/texts/regulation.txt).

`TemplateAdoption` is the district's record of which school adopted which version of each of
its templates (the regulation, the roadmap, the standard questionnaires): the adopt services,
which run in a school's schema, write it here in public, so that the district's pages count
adoptions without reading any school's schema (design note 5).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationTemplate(models.Model):
    """One version of the district's regulation text (a template with `{{ name }}` placeholders)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("version"), unique=True)
    body = models.TextField(_("text"))
    # What changed, in a sentence or two: schools see it beside «a new version is available».
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("regulation template")
        verbose_name_plural = _("regulation templates")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="regulation_template_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class TemplateKind(models.TextChoices):
    """The district's templates a school adopts."""

    REGULATION = "regulation", _("Regulation")
    ROADMAP = "roadmap", _("Roadmap")
    QUESTIONNAIRE = "questionnaire", _("Standard questionnaire")


class TemplateAdoption(models.Model):
    """A school adopted a version of a district template (one row per school, template and version).

    `template_id` is the version's row for the regulation and the roadmap (each version is its own
    row), and the questionnaire for a standard questionnaire (whose versions share one row).
    """

    id = models.BigAutoField(primary_key=True)
    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="template_adoptions")
    kind = models.CharField(_("template"), max_length=20, choices=TemplateKind.choices)
    template_id = models.UUIDField()
    version = models.PositiveIntegerField(_("version"))
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("template adoption")
        verbose_name_plural = _("template adoptions")
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "template_id", "version"],
                                    name="template_adoption_once"),
        ]
        indexes = [models.Index(fields=["kind", "template_id"], name="template_adoption_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"
