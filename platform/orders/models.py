"""Приказы руководителя: every appointment and every pair is backed by an order (§3.1–3.3, §6.2)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.roles import SchoolRole


class OrderKind(models.TextChoices):
    MENTORING_SYSTEM = "mentoring_system", _("Implementing the mentoring system")
    APPROVE_REGULATION = "approve_regulation", _("Approving the regulation")
    APPROVE_ROADMAP = "approve_roadmap", _("Approving the roadmap")
    APPROVE_WORKING_PROGRAMME = "approve_working_programme", _("Approving the working programme")
    APPOINT_CURATOR = "appoint_curator", _("Appointing the curator")
    APPOINT_COORDINATOR = "appoint_coordinator", _("Appointing the coordinator")
    WORKING_GROUP = "working_group", _("Composition of the working group")
    METHODOLOGICAL_ASSOCIATION = "methodological_association", _("Methodological association of mentors")
    APPOINT_MENTOR = "appoint_mentor", _("Appointing a mentor")
    ASSIGN_PAIR = "assign_pair", _("Assigning a mentoring pair or group")
    CHANGE_PROGRAMME = "change_programme", _("Changing a mentoring programme")
    END_PROGRAMME = "end_programme", _("Ending a mentoring programme")
    REPLACE_MENTOR = "replace_mentor", _("Replacing a mentor")
    RELEASE_MENTOR = "release_mentor", _("Releasing a mentor")
    OTHER = "other", _("Other")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """A director's order. Its number is unique within the school and the calendar year."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=30)
    date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=OrderKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    signer = models.ForeignKey(
        "staff.StaffMember", on_delete=models.PROTECT, related_name="signed_orders", verbose_name=_("signer"),
        null=True, blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="order_number_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y}"


class OrderSubject(models.Model):
    """A person the order concerns, and the role it gives them (if any)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="subjects")
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="order_subjects")
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "staff", "role"], name="order_subject_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.role}"


class RoleAssignment(models.Model):
    """A role held by a staff member by virtue of a signed order, from a date until ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=SchoolRole.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="role_assignments")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    ended_by_order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="ended_role_assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "role"], condition=models.Q(ended_on__isnull=True), name="role_assignment_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.role}"
