"""The mentor exchange's pages at the district's host (issue 6).

Every district role reads the directory, the open requests and the district's proposal; the district
administrator sends the reviewed proposal and sets the exchange's rules. School people get 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from district.selectors import district_settings
from exchange import matching, ranking, services
from exchange.forms import DirectorySearchForm, ExchangeSettingsForm
from exchange.views_school import labelled
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from service_errors import form_action

ADMIN = DistrictRole.ADMIN
ALTERNATIVES = 5  # mentors offered in each row's select


def _is_admin(request: HttpRequest) -> bool:
    user = acting_person(request)
    return user.is_superuser or ADMIN in user.district_roles


def directory_filtered(subject: str) -> list[Any]:
    entries = ranking.directory_entries()
    wanted = matching.normalise(subject)
    if wanted:
        entries = [e for e in entries if any(wanted in matching.normalise(s) for s in e.subjects)]
    return entries


@district_roles_required()
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    subject = form.cleaned_data["subject"] if form.is_valid() else ""
    return render(request, "exchange/district/directory.html", {"form": form,
                                                                 "entries": directory_filtered(subject)})


@district_roles_required()
def requests(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/district/requests.html",
                  {"requests": [labelled(r) for r in ranking.open_requests()]})


def proposal_rows() -> dict[str, Any]:
    """The optimal assignment row by row, each with its eligible alternatives; the greedy figures beside."""
    result = ranking.district_assignment()
    rules = ranking.exchange_rules()
    offers = [ranking.offer_of(e) for e in result["entries"].values()]
    chosen = {p.request_id: p for p in result["optimal"].pairs}
    rows = []
    for request_id, req in result["requests"].items():
        ranked = [s for s in matching.rank(ranking.needs_of(req), offers, rules, limit=ALTERNATIVES) if s.eligible]
        pair = chosen.get(request_id)
        rows.append({"request": labelled(req), "chosen": pair,
                     "options": [(s, result["entries"][s.mentor_id]) for s in ranked]})
    return {"rows": rows, "optimal": result["optimal"], "greedy": result["greedy"]}


@district_roles_required()
def proposal(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/district/proposal.html", {**proposal_rows(), "is_admin": _is_admin(request)})


@district_roles_required(ADMIN)
@require_POST
def proposal_send(request: HttpRequest) -> HttpResponse:
    choices = [(request_id, request.POST.get(f"mentor_{request_id}", ""))
               for request_id in request.POST.getlist("send")]
    try:
        sent = services.district_proposals_send(acting_user=acting_person(request), choices=choices)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s proposals are sent to the mentors' schools.") % {"n": len(sent)})
    return redirect("exchange_district:proposal")


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    row = district_settings()
    weights = ranking.exchange_rules().weights.as_dict()
    initial = {"require_subject_match": row.exchange_require_subject_match,
               "exclude_same_school": row.exchange_exclude_same_school,
               "min_experience_years": row.exchange_min_experience_years, "answer_days": row.exchange_answer_days,
               **{f"weight_{name}": value for name, value in weights.items()}}
    form = ExchangeSettingsForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: services.exchange_settings_update(
                           acting_user=acting_person(request), require_subject_match=data["require_subject_match"],
                           min_experience_years=data["min_experience_years"], answer_days=data["answer_days"],
                           weights=form.weights(), exclude_same_school=data["exclude_same_school"]),
                       success=_("The exchange's rules are saved."), then="exchange_district:settings",
                       renamed={"weights": None})
    return done or render(request, "exchange/district/settings.html", {"form": form})
