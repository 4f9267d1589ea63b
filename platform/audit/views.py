"""The school's audit record: who changed what, when (director and curator)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit import selectors
from people.access import capability_required
from people.capabilities import Capability


@capability_required(Capability.AUDIT_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    page = Paginator(selectors.audit_events(action=action, actor_query=actor), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "action": action, "actor": actor})
