"""Типовые анкеты района (the district's standard questionnaires, public schema).

The district publishes questionnaires for the monitoring survey of the roadmap's stage 6
(«мониторинг качества реализации персонализированных программ наставничества (анкетирование)»);
schools use a published one as it is (surveys.Questionnaire keeps the template's id and version).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE_MIN_TOP = 2
SCALE_MAX_TOP = 10
DEFAULT_SCALE_TOP = 5


class Audience(models.TextChoices):
    """Who answers the questionnaire."""

    MENTORS = "mentors", _("Mentors")
    MENTEES = "mentees", _("Mentees")
    CURATOR = "curator", _("Curator")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class QuestionnaireTemplate(models.Model):
    """A questionnaire the district keeps; schools see it once published.

    `version` names one content: the template is edited only while withdrawn, and each
    withdrawal starts a new version, so a school's copy (template id, version) is unambiguous.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The standard questionnaires carry a key, so that creating the defaults twice makes them once.
    key = models.CharField(max_length=40, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standard questionnaire")
        verbose_name_plural = _("standard questionnaires")
        ordering = ["audience", "title"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="questionnaire_template_key"),
        ]

    def __str__(self) -> str:
        return self.title


class TemplateQuestion(models.Model):
    """A question of a standard questionnaire."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    scale_max = models.PositiveSmallIntegerField(_("scale from 1 to"), default=DEFAULT_SCALE_TOP)
    options = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("options"))
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="template_question_order"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=SCALE_MIN_TOP, scale_max__lte=SCALE_MAX_TOP),
                                   name="template_question_scale"),
        ]

    def __str__(self) -> str:
        return self.text
