"""Банк наставляемых и банк наставников (regulation §3.4)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Направления затруднений и наставнической деятельности."""

    SUBJECT_CONTENT = "subject_content", _("Subject content")
    TEACHING_METHODS = "teaching_methods", _("Teaching methods")
    UPBRINGING = "upbringing", _("Upbringing work")
    LESSON_ORGANISATION = "lesson_organisation", _("Lesson and extracurricular organisation")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological and pedagogical support")
    DIGITAL_ENVIRONMENT = "digital_environment", _("Digital environment")
    OTHER = "other", _("Other")


class MenteeCategory(models.TextChoices):
    YOUNG_SPECIALIST = "young_specialist", _("Young specialist")
    # Apart from young specialists (the district's age and experience rule), whatever their age.
    NEW_TO_POSITION = "new_to_position", _("New to the position")
    NEW_TO_SCHOOL = "new_to_school", _("New to the school")
    CHANGING_SUBJECT = "changing_subject", _("Changing subject")
    AFTER_BREAK = "after_break", _("Returning after a break")
    OTHER = "other", _("Other")


class MenteeStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a mentor")
    IN_PROGRAMME = "in_programme", _("In a programme")
    COMPLETED = "completed", _("Completed a programme")
    LEFT = "left", _("Left the bank")


class MenteeProfile(models.Model):
    """A teacher in the mentee bank: requests, difficulties by direction, strengths."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    staff = models.OneToOneField("staff.StaffMember", on_delete=models.PROTECT, related_name="mentee_profile")
    category = models.CharField(_("category"), max_length=30, choices=MenteeCategory.choices)
    status = models.CharField(_("status"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.WAITING)
    requests = models.TextField(_("professional requests"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    added_on = models.DateField(_("added on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentee profile")
        verbose_name_plural = _("mentee bank")
        ordering = ["staff__last_name", "staff__first_name"]

    def __str__(self) -> str:
        return str(self.staff)


class Difficulty(models.Model):
    """Профессиональное затруднение наставляемого по направлению."""

    mentee = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="difficulties")
    direction = models.CharField(_("direction"), max_length=30, choices=Direction.choices)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.description[:50]}"


class MentorStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    UNAVAILABLE = "unavailable", _("Unavailable")
    LEFT = "left", _("Left the bank")


class MentorProfile(models.Model):
    """The mentor questionnaire (анкета наставника)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    staff = models.OneToOneField("staff.StaffMember", on_delete=models.PROTECT, related_name="mentor_profile")
    competencies = models.TextField(_("competencies"), blank=True)
    directions = ArrayField(models.CharField(max_length=30, choices=Direction.choices), default=list, blank=True,
                            verbose_name=_("directions"))
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("subjects"))
    capacity = models.PositiveSmallIntegerField(_("mentees at once"))
    preferred_forms = ArrayField(models.CharField(max_length=40), default=list, blank=True,
                                 verbose_name=_("preferred forms"))
    preferred_modes = ArrayField(models.CharField(max_length=30), default=list, blank=True,
                                 verbose_name=_("preferred modes"))
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    willing_cross_school = models.BooleanField(_("willing to mentor in another school"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.AVAILABLE)
    questionnaire_on = models.DateField(_("questionnaire filled on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor bank")
        ordering = ["staff__last_name", "staff__first_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1, capacity__lte=10), name="mentor_capacity_range"),
        ]

    def __str__(self) -> str:
        return str(self.staff)


class TrainingRecord(models.Model):
    """Обучение наставника: courses, seminars, internships attended."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed on"))
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.title


class BankReview(models.Model):
    """The curator's review of the mentee bank, at least once a year (§3.4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%d.%m.%Y}"


class BankReviewReminder(models.Model):
    """A reminder to review the mentee bank (§3.4), sent once per due period.

    The period is named by the date of the latest review when the reminder was
    sent (None: the bank was never reviewed); the unique constraint makes a
    second run of the periodic task, or two workers at once, send nothing more.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    last_review_on = models.DateField(_("latest review"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"))
    recipients = ArrayField(models.EmailField(), default=list, blank=True, verbose_name=_("recipients"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank review reminder")
        verbose_name_plural = _("bank review reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["last_review_on"], nulls_distinct=False,
                                    name="bank_review_reminder_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%d.%m.%Y}"
