"""Мониторинг: анкетирование наставников и наставляемых (roadmap stage 6 of the regulation).

A school's questionnaire is its own, or a copy of a district standard questionnaire used as it is
(the template's id and version are kept, and the school cannot edit the copy). A campaign sends a
questionnaire to the mentors and/or mentees of chosen programmes (and, for the curator's assessment,
to the curators); each respondent answers once.

Anonymity: an anonymous campaign's `Response` has neither the invitation nor the time it was given;
the invitation only records *that* its person answered. Nothing stored links the answers to a person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from survey_templates.models import DEFAULT_SCALE_TOP, SCALE_MAX_TOP, SCALE_MIN_TOP, Audience, QuestionKind


class Questionnaire(models.Model):
    """Анкета: the school's own, or a district standard one used as it is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    # Set for a copy of a district standard questionnaire (survey_templates.QuestionnaireTemplate).
    template_id = models.UUIDField(_("district template"), null=True, blank=True, editable=False)
    template_version = models.PositiveIntegerField(_("template version"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title"]
        constraints = [
            # One copy per version of a standard questionnaire: using it twice gives the same copy.
            models.UniqueConstraint(fields=["template_id", "template_version"], name="questionnaire_one_copy",
                                    condition=models.Q(template_id__isnull=False)),
            models.CheckConstraint(
                condition=models.Q(template_id__isnull=True, template_version__isnull=True)
                | models.Q(template_id__isnull=False, template_version__isnull=False),
                name="questionnaire_template_and_version"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_district_standard(self) -> bool:
        return self.template_id is not None


class Question(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    scale_max = models.PositiveSmallIntegerField(_("scale from 1 to"), default=DEFAULT_SCALE_TOP)
    options = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("options"))
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="survey_question_order"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=SCALE_MIN_TOP, scale_max__lte=SCALE_MAX_TOP),
                                   name="survey_question_scale"),
        ]

    def __str__(self) -> str:
        return self.text


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("campaign status", "Open")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """Анкетирование: a questionnaire sent to the participants of chosen programmes for a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="campaigns",
                                      verbose_name=_("questionnaire"))
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    programmes = models.ManyToManyField("mentoring.Programme", related_name="survey_campaigns", blank=True,
                                        verbose_name=_("programmes"))
    for_mentors = models.BooleanField(_("mentors answer"), default=False)
    for_mentees = models.BooleanField(_("mentees answer"), default=False)
    for_curators = models.BooleanField(_("curators answer"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                   name="campaign_dates_order"),
            models.CheckConstraint(
                condition=models.Q(for_mentors=True) | models.Q(for_mentees=True) | models.Q(for_curators=True),
                name="campaign_has_respondents"),
        ]

    def __str__(self) -> str:
        return self.title


class RespondentRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    CURATOR = "curator", _("Curator")


class Invitation(models.Model):
    """A respondent of a campaign. `answered` is all it says about the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    staff = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="survey_invitations")
    role = models.CharField(_("invited as"), max_length=10, choices=RespondentRole.choices)
    answered = models.BooleanField(_("answered"), default=False)
    # Reminder bookkeeping: an unanswered invitation of an open campaign is reminded once.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "staff"], name="invitation_once_per_campaign")]

    def __str__(self) -> str:
        return f"{self.staff} → {self.campaign}"


class Response(models.Model):
    """One respondent's answers. For an anonymous campaign `invitation` and `submitted_at` stay empty."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="response")
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    """The answer to one question: a scale value, the chosen options, or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    scale_value = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question_id}"
