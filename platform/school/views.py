"""Pages of a school's space."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from people import selectors as people_selectors
from people.access import is_guest_only, school_member_required
from people.requests import SchoolRequest
from school.selectors import attention_items


@school_member_required
def home(request: SchoolRequest) -> HttpResponse:
    """The school's home page: its name, what the person is here, and what needs their attention now.

    A guest mentor from another school sees their programme's link and its overdue activities only."""
    attention = attention_items(membership=request.membership, today=timezone.localdate())
    if is_guest_only(request.membership):
        attention = [item for item in attention if item.kind == "overdue_activities"]
    return render(
        request,
        "school/home.html",
        {
            "school": request.tenant,
            "attention": attention,
            "other_memberships": [
                m for m in people_selectors.schools_of(request.user) if m.school_id != request.tenant.pk
            ],
        },
    )
