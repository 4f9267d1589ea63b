"""The role × capability table: one source, documented in the README."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from people.capabilities import GRANTS, Capability, can, roles_table_markdown
from people.roles import SchoolRole

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_carries_the_table_generated_from_the_code():
    with translation.override("en"):
        table = roles_table_markdown()
    assert table in README.read_text()


def test_every_capability_is_granted_to_someone():
    assert set(GRANTS) == set(Capability)
    assert all(GRANTS[c] for c in Capability)


def test_can_reads_the_roles_of_a_membership():
    class M:
        roles = [SchoolRole.CURATOR]

    assert can(M(), Capability.PAIRS_FORM)
    assert not can(M(), Capability.ORDERS_SIGN)
    assert not can(None, Capability.ORDERS_VIEW)
