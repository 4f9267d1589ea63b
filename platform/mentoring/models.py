"""Наставнические пары и группы, персонализированные программы, ходатайства (regulation §2.3, §5–§7)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from banks.models import Direction


class RoleForm(models.TextChoices):
    """Форма наставничества по ролям участников (§2.3)."""

    TEACHER_TEACHER = "teacher_teacher", _("teacher – teacher")
    EDUCATOR_EDUCATOR = "educator_educator", _("educator – educator")
    HEAD_TEACHER = "head_teacher", _("head of school – teacher")
    EMPLOYER_STUDENT = "employer_student", _("employer – student")
    UNIVERSITY_YOUNG_TEACHER = "university_young_teacher", _("university/college teacher – young teacher")


class Mode(models.TextChoices):
    """Вид наставничества (§2.3)."""

    TRADITIONAL = "traditional", _("Traditional (one-to-one)")
    GROUP = "group", _("Group")
    VIRTUAL = "virtual", _("Virtual (distance)")
    SHORT_TERM = "short_term", _("Short-term / goal-setting")
    REVERSE = "reverse", _("Reverse")
    SITUATIONAL = "situational", _("Situational")
    SPEED = "speed", _("Speed (a single meeting)")


class PairStatus(models.TextChoices):
    FORMING = "forming", _("Being formed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Pair(models.Model):
    """A mentoring pair (one mentor, one mentee) or group (two or more mentees)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role_form = models.CharField(_("form"), max_length=40, choices=RoleForm.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.FORMING)
    formed_on = models.DateField(_("formed on"))
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="pairs",
                              verbose_name=_("order"))
    activated_on = models.DateField(_("active from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring pair or group")
        verbose_name_plural = _("mentoring pairs and groups")
        ordering = ["-formed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} ({self.formed_on:%d.%m.%Y})"


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Participant(models.Model):
    """A mentor or mentee of a pair, from a date until they leave it (a replacement keeps history)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="participants")
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="pair_participations")
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "staff"], condition=models.Q(left_on__isnull=True), name="participant_once_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_role_display()})"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class EarlyEndReason(models.TextChoices):
    """Основания досрочного завершения (§7.1)."""

    MENTOR_INITIATIVE = "mentor_initiative", _("At the mentor's initiative (valid reasons)")
    MENTEE_INITIATIVE = "mentee_initiative", _("At the mentee's initiative (valid reasons)")
    MUTUAL = "mutual", _("By mutual decision (valid reasons)")
    CURATOR_NOT_CARRIED_OUT = "curator_not_carried_out", _(
        "At the curator's initiative: the programme is not carried out"
    )


class Programme(models.Model):
    """Персонализированная программа наставничества: 3 months to 1 year (§1.2)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pair = models.OneToOneField(Pair, on_delete=models.PROTECT, related_name="programme")
    title = models.CharField(_("title"), max_length=300)
    goals = models.TextField(_("goals"))
    directions = ArrayField(models.CharField(max_length=30, choices=Direction.choices), default=list,
                            verbose_name=_("directions"))
    strengths_supported = models.TextField(_("strengths to support"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=20, choices=ProgrammeStatus.choices,
                              default=ProgrammeStatus.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending early"), max_length=40, choices=EarlyEndReason.choices,
                                  blank=True)
    end_note = models.TextField(_("comment on ending"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personalised programme")
        verbose_name_plural = _("personalised programmes")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="programme_dates_order"),
            models.CheckConstraint(
                condition=~models.Q(status="ended_early") | ~models.Q(end_reason=""), name="programme_early_end_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """An activity of the programme's plan, aimed at a difficulty or a strength."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    direction = models.CharField(_("direction"), max_length=30, choices=Direction.choices, blank=True)
    deadline = models.DateField(_("deadline"))
    responsible = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsible"))
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    result = models.TextField(_("result"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    overdue_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["deadline", "title"]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: Evidence, filename: str) -> str:
    """Files are kept per school: schools/<schema>/evidence/<uuid>/<name>."""
    from django.db import connection

    return f"schools/{connection.schema_name}/evidence/{instance.id}/{filename}"  # type: ignore[attr-defined]  # django-tenants' wrapper is untyped


class Evidence(models.Model):
    """Evidence of an activity's result: a file served only to those with the right to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=500)
    original_name = models.CharField(max_length=300)
    size = models.PositiveIntegerField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    ADJUSTMENT = "adjustment", _("Adjustment")
    STATUS = "status", _("Status change")
    MENTOR_REPLACED = "mentor_replaced", _("Mentor replaced")


class ProgrammeChange(models.Model):
    """History of a programme (§7.2): what changed, why, and who agreed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    agreed_by_mentor = models.BooleanField(default=False)
    agreed_by_mentee = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.changed_at:%d.%m.%Y}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class RequestKind(models.TextChoices):
    REPLACE_MENTOR = "replace_mentor", _("Mentee's petition to replace the mentor (§5.1)")
    RELEASE_MENTOR = "release_mentor", _("Mentor's request to be released (§4.1)")


class PairRequest(models.Model):
    """Ходатайство о замене наставника (§5.1) or заявление о сложении обязанностей наставника (§4.1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    submitted_by = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    new_mentor = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("new mentor"))

    class Meta:
        ordering = ["-submitted_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.submitted_on:%d.%m.%Y})"


class Agreement(models.Model):
    """Соглашение о наставничестве (ТК РФ ст. 351.8): content, period, form, payment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="agreements")
    mentor = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("content of mentoring"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    form = models.CharField(_("form"), max_length=300)
    payment = models.CharField(_("payment"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.mentor}: {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class MeetingForm(models.TextChoices):
    """How a meeting of the pair took place."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    OBSERVED_LESSON = "observed_lesson", _("Observed lesson")


class Meeting(models.Model):
    """A meeting of the pair or group, written in the programme's log by the mentor or a mentee."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=20, choices=MeetingForm.choices)
    topic = models.CharField(_("topic"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField("staff.StaffMember", related_name="+", verbose_name=_("who attended"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return self.topic


class CalendarFeed(models.Model):
    """A person's secret calendar address in this school: only the SHA-256 of its secret is kept.

    Issuing a new address revokes the old one; a revoked address answers 404.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="calendar_feeds")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff"], condition=models.Q(revoked_at__isnull=True),
                                    name="calendar_feed_one_live_per_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.created_at:%d.%m.%Y}"
