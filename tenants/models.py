"""Schools are tenants: each has its own PostgreSQL schema (django-tenants)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class SchoolKind(models.TextChoices):
    NOSH = "НОШ", _("Primary school (НОШ)")
    OOSH = "ООШ", _("Basic general school (ООШ)")
    SOSH = "СОШ", _("Secondary general school (СОШ)")
    GYMNASIUM = "гимназия", _("Gymnasium")
    LYCEUM = "лицей", _("Lyceum")
    BOARDING = "школа-интернат", _("Boarding school")
    OTHER = "иное", _("Other")


class SchoolStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("Being provisioned")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")
    # The migrated, empty school that new schools are cloned from (design note 3).
    TEMPLATE = "template", _("Template")


class School(TenantMixin):
    """Общеобразовательная организация района: one tenant, one schema."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=50, unique=True)
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    second_language_code = models.CharField(
        _("second language"), max_length=8, blank=True, help_text=_("e.g. ce for Chechen")
    )
    full_name_second_language = models.CharField(_("full name in the second language"), max_length=500, blank=True)
    short_name_second_language = models.CharField(_("short name in the second language"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.SOSH)
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SchoolStatus.choices, default=SchoolStatus.PROVISIONING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set while the school is archived (tenants.services.school_archive), cleared on restore;
    # the district's audit record keeps every archiving and restoring.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("archived by"),
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    # The provisioning service creates the schema inside its own transaction.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SchoolStatus.values), name="school_status_valid"
            ),
            # An archived school always says when it was archived; no other school does.
            models.CheckConstraint(
                condition=(models.Q(status=SchoolStatus.ARCHIVED, archived_at__isnull=False)
                           | (~models.Q(status=SchoolStatus.ARCHIVED) & models.Q(archived_at__isnull=True))),
                name="school_archived_at_iff_archived",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    is_district = False

    @property
    def is_template(self) -> bool:
        return self.status == SchoolStatus.TEMPLATE

    @property
    def is_archived(self) -> bool:
        return self.status == SchoolStatus.ARCHIVED


class Domain(DomainMixin):
    """A host name that serves a school (or the district, for the public schema)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
