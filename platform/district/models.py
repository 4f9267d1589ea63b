"""The district's own settings (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictSettings(models.Model):
    """One row: the education department and the rules it sets for every school.

    The young-specialist rule and the mentor capacity are district settings,
    not constants (design note 12).
    """

    name = models.CharField(
        _("education department"), max_length=300,
        default="Отдел образования Ножай-Юртовского муниципального района",
    )
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    young_specialist_max_age = models.PositiveSmallIntegerField(_("young specialist: age up to"), default=35)
    young_specialist_max_experience_years = models.PositiveSmallIntegerField(
        _("young specialist: teaching experience up to, years"), default=3
    )
    mentor_default_capacity = models.PositiveSmallIntegerField(_("mentees per mentor at once"), default=2)
    # The small-numbers rule: a school's survey results are shown to the district only from this
    # many respondents, so that nobody's answers can be recognised.
    survey_min_respondents = models.PositiveSmallIntegerField(
        _("survey results per school shown from respondents"), default=5)
    # The mentor exchange: hard rules and weights of the ranking (exchange.matching), and how long
    # a proposal waits for an answer.
    exchange_require_subject_match = models.BooleanField(
        _("exchange: the mentor must teach a requested subject"), default=True)
    exchange_exclude_same_school = models.BooleanField(
        _("exchange: a mentor of the requesting school is not offered"), default=True)
    exchange_min_experience_years = models.PositiveSmallIntegerField(
        _("exchange: mentor's teaching experience at least, years"), default=3)
    exchange_weights = models.JSONField(_("exchange: weights of the criteria"), default=dict, blank=True)
    exchange_answer_days = models.PositiveSmallIntegerField(_("exchange: days to answer a proposal"), default=7)
    # Issue 10: how long an invitation e-mail's one-time link works (people.tokens).
    invitation_valid_days = models.PositiveSmallIntegerField(_("days an invitation link works"), default=14)
    # Issue 10: district administrators and school directors must sign in with a second factor (TOTP).
    second_factor_required = models.BooleanField(
        _("second factor required for district administrators and directors"), default=False)

    class Meta:
        verbose_name = _("district settings")
        verbose_name_plural = _("district settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="district_settings_single_row"),
            models.CheckConstraint(condition=models.Q(mentor_default_capacity__gte=1), name="capacity_at_least_one"),
            models.CheckConstraint(condition=models.Q(survey_min_respondents__gte=2),
                                   name="survey_min_respondents_at_least_two"),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarOverride(models.Model):
    """A day whose working status the district sets against the production calendar of the
    `holidays` library: a late decree moving a day off, or a regional holiday."""

    day = models.DateField(_("day"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("decree or reason"), max_length=300)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}"


class DocxTemplate(models.Model):
    """The district's own DOCX template of a document kind (public schema): the letterhead and layout every
    school's DOCX of that kind is filled into. Saved only through `documents.services.docx_template_upload`,
    which refuses a template with a placeholder the documents do not know (naming it)."""

    kind = models.CharField(_("document"), max_length=30, unique=True)
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("template"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("DOCX template")
        verbose_name_plural = _("DOCX templates")

    def __str__(self) -> str:
        return self.file_name
