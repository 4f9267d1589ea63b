"""What each school role may do (regulation §3–§5): the one table every check reads.

Pages, API views and selectors ask `can(membership, Capability.X)`; the README's
role × capability table is generated from `GRANTS` (tests/test_capabilities.py keeps
them equal). Rights a person has over *their own* pair, programme or consent (a
mentor over their mentees' programmes, a mentee over their own) are not listed here:
the selectors of those objects grant them by participation.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.roles import SchoolRole as R


class Capability(models.TextChoices):
    STAFF_VIEW = "staff.view", _("See the staff list and cards")
    STAFF_MANAGE = "staff.manage", _("Add, edit, import and deactivate staff")
    ACCOUNTS_MANAGE = "accounts.manage", _("Create logins, print invitation slips, issue one-time codes")
    ORDERS_VIEW = "orders.view", _("Read the register of orders")
    ORDERS_DRAFT = "orders.draft", _("Draft orders")
    ORDERS_SIGN = "orders.sign", _("Sign orders (roles and pairs take effect)")
    CONSENTS_VIEW = "consents.view", _("See everyone's consents")
    CONSENTS_MANAGE = "consents.manage", _("Record consents given and withdrawn")
    BANKS_VIEW = "banks.view", _("See the mentor and mentee banks")
    BANKS_MANAGE = "banks.manage", _("Keep the mentor and mentee banks, review the mentee bank")
    PAIRS_VIEW_ALL = "pairs.view_all", _("See every pair, group and programme")
    PAIRS_FORM = "pairs.form", _("Form pairs and groups, draft their orders and agreements")
    PROGRAMMES_EDIT = "programmes.edit", _("Write and adjust any programme and its plan")
    PROGRAMMES_APPROVE = "programmes.approve", _("Approve programmes")
    PROGRAMMES_END = "programmes.end", _("End a programme early at the curator's initiative")
    REQUESTS_DECIDE = "requests.decide", _("Decide petitions to replace or release a mentor")
    AUDIT_VIEW = "audit.view", _("Read the audit record")
    ROADMAP_EDIT = "roadmap.edit", _("Adapt the roadmap and record its progress")
    SURVEYS_MANAGE = "surveys.manage", _("Write questionnaires and run survey campaigns")
    SURVEYS_RESULTS = "surveys.results", _("See survey campaigns and their results")
    PRACTICES_EDIT = "practices.edit", _("Keep the best practices bank and publish cases")
    NEWS_MANAGE = "news.manage", _("Publish news and announcements on the public page")
    DOCUMENTS_GENERATE = "documents.generate", _("Generate the school's documents and adapt their wording")
    REPORT_BUILD = "report.build", _("Build and download the final analytic report")
    EXCHANGE_REQUEST = "exchange.request", _("Ask the district mentor exchange for a mentor and answer its proposals")


_LEADERSHIP = {R.DIRECTOR, R.CURATOR}
GRANTS: dict[Capability, frozenset[R]] = {
    Capability.STAFF_VIEW: frozenset(_LEADERSHIP | {
        R.DEPUTY_DIRECTOR, R.COORDINATOR, R.WORKING_GROUP_HEAD, R.WORKING_GROUP_MEMBER,
        R.METHODOLOGICAL_ASSOCIATION, R.PSYCHOLOGIST, R.SYSADMIN}),
    Capability.STAFF_MANAGE: frozenset(_LEADERSHIP | {R.SYSADMIN}),
    # Logins are the system administrator's and the director's (people.roles.SCHOOL_ADMIN_ROLES): the
    # curator keeps the banks «together with the system administrator» (§3.4), but does not hand out access.
    Capability.ACCOUNTS_MANAGE: frozenset({R.DIRECTOR, R.SYSADMIN}),
    # The normative base is open to every member of the school (not to a guest mentor from another school).
    Capability.ORDERS_VIEW: frozenset(R) - {R.GUEST_MENTOR},
    Capability.ORDERS_DRAFT: frozenset(_LEADERSHIP | {R.COORDINATOR, R.WORKING_GROUP_HEAD}),
    Capability.ORDERS_SIGN: frozenset({R.DIRECTOR}),
    Capability.CONSENTS_VIEW: frozenset(_LEADERSHIP | {R.SYSADMIN}),
    Capability.CONSENTS_MANAGE: frozenset(_LEADERSHIP | {R.SYSADMIN}),
    Capability.BANKS_VIEW: frozenset(_LEADERSHIP | {
        R.COORDINATOR, R.WORKING_GROUP_HEAD, R.WORKING_GROUP_MEMBER, R.METHODOLOGICAL_ASSOCIATION,
        R.PSYCHOLOGIST, R.SYSADMIN}),
    Capability.BANKS_MANAGE: frozenset({R.CURATOR, R.SYSADMIN, R.METHODOLOGICAL_ASSOCIATION}),
    Capability.PAIRS_VIEW_ALL: frozenset(_LEADERSHIP | {
        R.COORDINATOR, R.WORKING_GROUP_HEAD, R.METHODOLOGICAL_ASSOCIATION, R.PSYCHOLOGIST}),
    Capability.PAIRS_FORM: frozenset({R.CURATOR, R.METHODOLOGICAL_ASSOCIATION}),
    Capability.PROGRAMMES_EDIT: frozenset({R.CURATOR, R.METHODOLOGICAL_ASSOCIATION}),
    Capability.PROGRAMMES_APPROVE: frozenset({R.DIRECTOR}),
    Capability.PROGRAMMES_END: frozenset({R.CURATOR}),
    Capability.REQUESTS_DECIDE: frozenset(_LEADERSHIP),
    Capability.AUDIT_VIEW: frozenset(_LEADERSHIP),
    # The curator drafts the roadmap (§3.4) with the coordinator and the working group; the director approves.
    Capability.ROADMAP_EDIT: frozenset(_LEADERSHIP | {R.COORDINATOR, R.WORKING_GROUP_HEAD}),
    # The curator organises the monitoring with the methodological association (§3.4).
    Capability.SURVEYS_MANAGE: frozenset({R.CURATOR, R.METHODOLOGICAL_ASSOCIATION}),
    Capability.SURVEYS_RESULTS: frozenset(_LEADERSHIP | {
        R.COORDINATOR, R.WORKING_GROUP_HEAD, R.METHODOLOGICAL_ASSOCIATION, R.PSYCHOLOGIST}),
    # The best practices bank: the curator with the methodological association (§3.4).
    Capability.PRACTICES_EDIT: frozenset({R.CURATOR, R.METHODOLOGICAL_ASSOCIATION}),
    # The website section: the curator with the sysadmin and the methodological association (§3.4, §8).
    Capability.NEWS_MANAGE: frozenset({R.CURATOR, R.SYSADMIN, R.METHODOLOGICAL_ASSOCIATION}),
    Capability.DOCUMENTS_GENERATE: frozenset(_LEADERSHIP | {R.COORDINATOR, R.WORKING_GROUP_HEAD}),
    # The final analytic report is the curator's (§3.4), read by the director.
    Capability.REPORT_BUILD: frozenset(_LEADERSHIP),
    # The mentor exchange (issue 6): the curator asks for a mentor; the director or the curator answers
    # the proposals made to the school's mentors.
    Capability.EXCHANGE_REQUEST: frozenset(_LEADERSHIP),
}


def can(membership: object | None, capability: Capability) -> bool:
    """Whether a membership's roles grant `capability` (None: no membership, no right)."""
    roles = getattr(membership, "roles", None)
    return bool(roles) and any(role in GRANTS[capability] for role in roles)  # type: ignore[union-attr]


def roles_table_markdown() -> str:
    """The README's role × capability table."""
    roles = list(R)
    header = "| capability | " + " | ".join(str(role.label) for role in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [
        f"| {capability.label} | " + " | ".join("✓" if role in GRANTS[capability] else "" for role in roles) + " |"
        for capability in Capability
    ]
    return "\n".join([header, rule, *rows])
