"""Педагогические работники школы (the school's own schema)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class QualificationCategory(models.TextChoices):
    NONE = "none", _("No category")
    CONFORMITY = "conformity", _("Conformity with the position")
    FIRST = "first", _("First category")
    HIGHEST = "highest", _("Highest category")


class Gender(models.TextChoices):
    """Stored because documents agree with it («назначена», «с её согласия») and decline names by it;
    suggested from the patronymic (staff.declension.gender_suggest), set by hand where it cannot tell."""

    MALE = "male", _("male")
    FEMALE = "female", _("female")


class StaffMember(models.Model):
    """A member of the school's teaching staff.

    `person` links to the district-wide account when the staff member logs in;
    staff are deactivated, never deleted, once records refer to them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, blank=True, related_name="+"
    )
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=200)
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("subjects"))
    teaching_experience_years = models.PositiveSmallIntegerField(_("teaching experience, years"), default=0)
    qualification_category = models.CharField(
        _("qualification category"), max_length=20,
        choices=QualificationCategory.choices, default=QualificationCategory.NONE,
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    new_to_position = models.BooleanField(_("new to the position"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Derived by the district's rule (staff.rules), refreshed by a periodic task.
    is_young_specialist = models.BooleanField(_("young specialist"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # A mentor from another school taking part in one cross-school pair here (mentor exchange):
    # the record carries only what the mentor consented to show, and is not part of this school's staff.
    is_guest = models.BooleanField(_("guest mentor from another school"), default=False, editable=False)
    home_school_uuid = models.UUIDField(_("home school"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(fields=["person"], name="staff_one_record_per_person",
                                    condition=models.Q(person__isnull=False)),
            models.CheckConstraint(condition=models.Q(teaching_experience_years__lte=70), name="staff_experience_sane"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)
