"""The school's own wording of its documents (a school's schema)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.catalogue import TEMPLATED_KINDS, DocumentKind


class DocumentText(models.Model):
    """A school's adapted template of a document; without one the district's standard wording is used.

    Saved only through `documents.services.document_text_save`, which checks every placeholder.
    """

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices, unique=True)
    body = models.TextField(_("template"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=[str(kind) for kind in TEMPLATED_KINDS]),
                                   name="document_text_templated_kind"),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class AdoptedTemplate(models.Model):
    """The version of a district template this school adopted (today: the regulation).

    The text lives in the district's schema (regulation_templates.RegulationTemplate, which never
    changes once published); the school keeps which version it uses. No row: version 1, the
    standard wording every school starts from.
    """

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices, unique=True)
    template_id = models.UUIDField(_("district template"))
    version = models.PositiveIntegerField(_("version"))
    adopted_at = models.DateTimeField(_("adopted at"), auto_now=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("adopted district template")
        verbose_name_plural = _("adopted district templates")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="regulation"), name="adopted_template_regulation_only"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"
