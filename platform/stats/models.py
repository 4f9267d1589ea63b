"""Per-school figures kept in the public schema (design note 5).

The district never reads a school's schema to show statistics: each school's figures for an
academic year are computed inside that school (stats.figures, aggregates only, no names) and
kept here, one row per school and year. The dashboard, the district reports and the district
API read only these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from formats.dates import AcademicYear


class SchoolFigures(models.Model):
    """One school's figures for one academic year (`year` = the year it starts in).

    The columns are what the dashboard sorts, filters and sums; `detail` holds the breakdowns
    (by form and mode, consents by purpose, survey results by audience, programmes).
    """

    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("academic year"))

    staff = models.PositiveIntegerField(_("staff"), default=0)
    young_specialists = models.PositiveIntegerField(_("young specialists"), default=0)
    young_covered = models.PositiveIntegerField(_("young specialists with a mentor"), default=0)
    young_without_mentor = models.PositiveIntegerField(_("young specialists without a mentor"), default=0)
    # «Впервые на должности» who are not young specialists: a category apart (stats.figures).
    new_to_position = models.PositiveIntegerField(_("new to the position"), default=0)
    new_to_position_covered = models.PositiveIntegerField(_("new to the position with a mentor"), default=0)
    mentors = models.PositiveIntegerField(_("mentors"), default=0)
    mentees = models.PositiveIntegerField(_("mentees"), default=0)
    guest_mentors = models.PositiveIntegerField(_("mentors from other schools"), default=0)
    mentors_lent = models.PositiveIntegerField(_("mentors engaged in other schools"), default=0)
    pairs_active = models.PositiveIntegerField(_("active pairs and groups"), default=0)
    pairs_completed = models.PositiveIntegerField(_("completed pairs and groups"), default=0)
    pairs_ended_early = models.PositiveIntegerField(_("pairs and groups ended early"), default=0)
    pairs_total = models.PositiveIntegerField(_("pairs and groups in the year"), default=0)
    groups_total = models.PositiveIntegerField(_("of them groups"), default=0)
    cross_school_pairs = models.PositiveIntegerField(_("pairs with a mentor from another school"), default=0)
    overdue_activities = models.PositiveIntegerField(_("overdue activities"), default=0)
    roadmap_items = models.PositiveIntegerField(_("roadmap items"), default=0)
    roadmap_done = models.PositiveIntegerField(_("roadmap items done"), default=0)
    has_curator = models.BooleanField(_("curator appointed"), default=False)
    regulation_approved = models.BooleanField(_("regulation approved"), default=False)
    roadmap_approved = models.BooleanField(_("roadmap approved"), default=False)
    survey_respondents = models.PositiveIntegerField(_("survey respondents"), default=0)
    detail = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("school figures")
        verbose_name_plural = _("school figures")
        ordering = ["school__short_name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="figures_one_per_school_year"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="figures_year_sane"),
        ]
        indexes = [models.Index(fields=["year", "school"])]

    def __str__(self) -> str:
        return f"{self.school_id} {self.academic_year}"

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.year)


class FiguresState(models.Model):
    """Debouncing a school's refresh: at most one refresh is waiting per school.

    `queued` is set when a refresh is sent and cleared when it starts, so a burst of changes
    sends one task; a change while the refresh runs sends the next one. A claim older than
    STATS_REFRESH_STALE_SECONDS (`queued_at`) is taken as lost — a task that never ran or died
    before it started — so the next change sends a refresh again instead of waiting for the night.
    """

    school = models.OneToOneField("tenants.School", on_delete=models.CASCADE, related_name="figures_state",
                                  primary_key=True)
    queued = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_seconds = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.school_id}: queued={self.queued}"
