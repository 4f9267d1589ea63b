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
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
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
