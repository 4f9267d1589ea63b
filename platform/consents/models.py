"""Согласия: given for a purpose, withdrawn with effect at once (152-ФЗ, ТК РФ ст. 351.8)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    PROCESSING_PROGRAMME = "processing_programme", _("Processing of personal data for the school's mentoring programme")
    PROCESSING_EXCHANGE = "processing_exchange", _("Listing in the district mentor exchange")
    PUBLICATION = "publication", _("Publication on the school website")
    MENTOR_APPOINTMENT = "mentor_appointment", _("Mentor's written consent to the appointment (Labour Code art. 351.8)")
    EXTRA_DUTIES = "extra_duties", _("Consent of a pair participant to additional duties")


class Consent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "purpose"], condition=models.Q(withdrawn_on__isnull=True),
                name="consent_one_in_force_per_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_purpose_display()}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None
