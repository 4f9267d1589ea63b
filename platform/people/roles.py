"""Roles a person holds in a school (regulation §3–§5, order № 116/1) and in the district."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    COORDINATOR = "coordinator", _("Coordinator")
    CURATOR = "curator", _("Curator")
    WORKING_GROUP_HEAD = "working_group_head", _("Head of the working group")
    WORKING_GROUP_MEMBER = "working_group_member", _("Member of the working group")
    METHODOLOGICAL_ASSOCIATION = "methodological_association", _("Methodological association of mentors")
    PSYCHOLOGIST = "psychologist", _("Educational psychologist")
    SYSADMIN = "sysadmin", _("System administrator")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    TEACHER = "teacher", _("Teacher")
    # A mentor from another school, for the cross-school pairs of `Membership.guest_programmes` only.
    GUEST_MENTOR = "guest_mentor", _("Guest mentor from another school")


class DistrictRole(models.TextChoices):
    ADMIN = "district_admin", _("District administrator")
    ANALYST = "district_analyst", _("District analyst")


# Who may administer a school's space (manage its people): the first
# administrator created with the school holds SYSADMIN.
SCHOOL_ADMIN_ROLES = frozenset({SchoolRole.DIRECTOR, SchoolRole.SYSADMIN})
