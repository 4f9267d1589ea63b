"""The school's roadmap (дорожная карта) for an academic year, copied from the district's template.

One roadmap per academic year (September–August); its stages and activities are the school's own
copy, which the school adapts. Rules live in roadmap.services.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formats.dates import AcademicYear
from people.roles import SchoolRole


class Roadmap(models.Model):
    """Дорожная карта (план мероприятий) of one academic year."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year_start = models.PositiveSmallIntegerField(_("academic year"), unique=True,
                                                  help_text=_("The year of 1 September"))
    title = models.CharField(_("title"), max_length=300)
    # Which district template version it was copied from (the template lives in the district's schema).
    template_id = models.UUIDField(null=True, blank=True)
    template_version = models.PositiveIntegerField(_("template version"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-year_start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year_start__gte=2000, year_start__lte=2999),
                                   name="roadmap_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.year_start)


class RoadmapStage(models.Model):
    """A stage (этап) of the roadmap."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("roadmap stage")
        verbose_name_plural = _("roadmap stages")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_stage_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RoadmapItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class RoadmapItem(models.Model):
    """An activity of the roadmap: deadline, who answers for it, status and evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stage = models.ForeignKey(RoadmapStage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("activity"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # The district template's activity it was copied from (roadmap_templates.TemplateItem, public
    # schema); empty for an activity the school added itself. Adopting a new template version
    # replaces the not-done activities that have it (roadmap.services.roadmap_template_adopt).
    template_item_id = models.UUIDField(null=True, blank=True, editable=False)
    deadline = models.DateField(_("deadline"))
    # «В течение года»: the activity runs all year; its deadline is the year's last day.
    throughout_year = models.BooleanField(_("throughout the year"), default=False)
    responsible_role = models.CharField(_("responsible role"), max_length=32, choices=SchoolRole.choices,
                                        blank=True)
    responsible_staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("responsible person"))
    status = models.CharField(_("status"), max_length=20, choices=RoadmapItemStatus.choices,
                              default=RoadmapItemStatus.PLANNED)
    evidence = models.TextField(_("evidence of the result"), blank=True)
    evidence_link = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Reminder bookkeeping: the deadline a reminder was sent for (one reminder per deadline).
    reminded_for_deadline = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roadmap activity")
        verbose_name_plural = _("roadmap activities")
        ordering = ["position", "deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="roadmap_item_done_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="roadmap_item_due_idx")]

    def __str__(self) -> str:
        return self.title
