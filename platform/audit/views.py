"""The school's audit record: who changed what, when (director and curator), as people read it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from audit import selectors
from audit.presentation import action_choices, present
from people.access import capability_required
from people.capabilities import Capability

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    """Filters by person, kind of action and days; a wrong value is just not applied."""

    actor = forms.ChoiceField(label=_("Who"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Anyone")), *selectors.audit_actors()]  # type: ignore[attr-defined]
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", _("Any action")), *action_choices(selectors.audit_action_codes())]


@capability_required(Capability.AUDIT_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.audit_events(action=data.get("action") or "", actor_id=data.get("actor") or None,
                                    date_from=data.get("date_from"), date_to=data.get("date_to"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"page": page, "events": present(list(page)), "form": form,
                                               "query": query.urlencode()})
