"""The district mentor exchange, kept in the public schema (design notes 5–6).

* `DirectoryEntry` — a mentor who gave the exchange consent (152-ФЗ, its own purpose) and is
  willing to mentor in another school, with only the fields that consent covers. It is written
  by the mentor's school (exchange.services.directory_sync) and removed at once when the consent
  is withdrawn.
* `MentorRequest` — a curator's description of a mentee's needs: subjects, directions, mode,
  period. Nothing that names the mentee: the link to the mentee stays in the school
  (exchange_school.RequestMentee).
* `Proposal` — one mentor proposed for one request, through the workflow
  awaiting the mentor's school → awaiting the mentor → accepted (or declined / expired /
  withdrawn). An approved or accepted proposal holds one place of the mentor's capacity until
  the cross-school pair ends.

References across schools are UUIDs (a public table cannot hold a foreign key into a school).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DirectoryEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="exchange_entries")
    staff_uuid = models.UUIDField(_("staff record in the mentor's school"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("subjects"))
    directions = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name=_("directions"))
    modes = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name=_("modes"))
    experience_years = models.PositiveSmallIntegerField(_("teaching experience, years"), default=0)
    capacity = models.PositiveSmallIntegerField(_("mentees at once"))
    home_load = models.PositiveSmallIntegerField(_("mentees in the own school"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exchange directory entry")
        verbose_name_plural = _("exchange directory")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "staff_uuid"], name="exchange_entry_once_per_mentor"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def direction_labels(self) -> list[str]:
        from banks.models import Direction

        return [str(Direction(code).label) if code in Direction.values else code for code in self.directions]

    @property
    def mode_labels(self) -> list[str]:
        from mentoring.models import Mode

        return [str(Mode(code).label) if code in Mode.values else code for code in self.modes]


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("mentor request status", "Open")
    MATCHED = "matched", _("Mentor found")
    CANCELLED = "cancelled", _("Cancelled")


class MentorRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="exchange_requests")
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("subjects"))
    directions = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name=_("directions"))
    preferred_mode = models.CharField(_("preferred mode"), max_length=30, blank=True)
    starts_on = models.DateField(_("from"))
    months = models.PositiveSmallIntegerField(_("months"))
    min_experience_years = models.PositiveSmallIntegerField(_("mentor's experience at least, years"), null=True,
                                                            blank=True)
    excluded_entries = ArrayField(models.UUIDField(), default=list, blank=True, verbose_name=_("excluded mentors"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(months__gte=3, months__lte=12), name="exchange_request_months"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id}: {', '.join(self.subjects) or ', '.join(self.directions)}"


class ProposalStatus(models.TextChoices):
    AWAITING_SCHOOL = "awaiting_school", _("Awaiting the mentor's school")
    AWAITING_MENTOR = "awaiting_mentor", _("Awaiting the mentor's consent")
    ACCEPTED = "accepted", _("Accepted: the pair is formed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_PROPOSAL = (ProposalStatus.AWAITING_SCHOOL, ProposalStatus.AWAITING_MENTOR)
# Statuses that hold one place of the mentor's capacity (an accepted one until its pair ends).
HOLDS_PLACE = (ProposalStatus.AWAITING_MENTOR, ProposalStatus.ACCEPTED)


class DeclinedBy(models.TextChoices):
    SCHOOL = "school", _("The mentor's school")
    MENTOR = "mentor", _("The mentor")
    REQUESTER = "requester", _("The requesting school")


class Proposal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="proposals")
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="proposals")
    mentor_school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="+")
    mentor_staff_uuid = models.UUIDField()
    mentor_name = models.CharField(_("mentor"), max_length=460)
    score = models.PositiveSmallIntegerField(_("score"))
    explanation = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.AWAITING_SCHOOL)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("answer by"))
    school_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    school_decided_at = models.DateTimeField(null=True, blank=True)
    mentor_decided_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(_("declined by"), max_length=20, choices=DeclinedBy.choices, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    pair_uuid = models.UUIDField(null=True, blank=True)
    programme_uuid = models.UUIDField(null=True, blank=True)
    ended_on = models.DateField(_("pair ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor proposal")
        verbose_name_plural = _("mentor proposals")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["request"], name="exchange_one_live_proposal_per_request",
                                    condition=models.Q(status__in=["awaiting_school", "awaiting_mentor"])),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="exchange_decline_has_reason"),
        ]
        indexes = [models.Index(fields=["mentor_school", "mentor_staff_uuid", "status"])]

    def __str__(self) -> str:
        return self.mentor_name  # named in the action log: never the request's internal id
