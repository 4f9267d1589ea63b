"""District pages of the standard questionnaires: district roles read, the district administrator writes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from regulation_templates.models import TemplateKind
from regulation_templates.selectors import adoption_counts_by_template
from service_errors import not_yours_is_404, show_on_form
from survey_templates import selectors, services
from survey_templates.forms import QuestionFormSet, QuestionnaireHeadForm, questions_from, questions_initial
from survey_templates.models import Audience, QuestionnaireTemplate
from survey_templates.standard import STANDARD


def _is_admin(request: HttpRequest) -> bool:
    person = acting_person(request)
    return person.is_superuser or DistrictRole.ADMIN in person.district_roles


@district_roles_required()
def template_list(request: HttpRequest) -> HttpResponse:
    audience = request.GET.get("audience", "")
    audience = audience if audience in Audience.values else ""
    query = request.GET.get("q", "").strip()[:100]
    templates = list(selectors.templates_for(person=acting_person(request), audience=audience, query=query))
    counts = adoption_counts_by_template(TemplateKind.QUESTIONNAIRE)
    for template in templates:
        # Schools using each version now, newest first.
        template.adoptions = sorted(counts.get(template.pk, {}).items(), reverse=True)  # type: ignore[attr-defined]
    have = set(QuestionnaireTemplate.objects.filter(key__in=[s.key for s in STANDARD]).values_list("key", flat=True))
    return render(request, "survey_templates/list.html", {
        "templates": templates, "audiences": Audience.choices, "filters": {"audience": audience, "q": query},
        "can_edit": _is_admin(request), "standard_missing": len(have) < len(STANDARD),
    })


@district_roles_required()
def template_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.template_get_for(person=acting_person(request), id=pk)
    return render(request, "survey_templates/detail.html", {
        "template": template, "questions": list(template.questions.all()), "can_edit": _is_admin(request),
    })


def _editor(request: HttpRequest, template: QuestionnaireTemplate | None) -> HttpResponse:
    if template is not None and template.published:
        messages.error(request, _("A published questionnaire cannot be changed: withdraw it first."))
        return redirect("survey_templates:detail", pk=template.pk)
    if request.method == "POST":
        head = QuestionnaireHeadForm(request.POST)
        rows = QuestionFormSet(request.POST, prefix="q")
        if head.is_valid() and rows.is_valid():
            data = head.cleaned_data
            try:
                if template is None:
                    template = services.template_create(
                        acting_user=acting_person(request), title=data["title"], description=data["description"],
                        audience=data["audience"], questions=questions_from(rows))
                else:
                    services.template_update(
                        acting_user=acting_person(request), template=template, title=data["title"],
                        description=data["description"], audience=data["audience"], questions=questions_from(rows))
            except ValidationError as error:
                show_on_form(head, error)
            else:
                messages.success(request, _("The questionnaire is saved."))
                return redirect("survey_templates:detail", pk=template.pk)
    else:
        initial = {"title": template.title, "description": template.description,
                   "audience": template.audience} if template else None
        head = QuestionnaireHeadForm(initial=initial)
        rows = QuestionFormSet(prefix="q", initial=questions_initial(template.questions.all()) if template else None)
    return render(request, "survey_templates/form.html", {"head": head, "rows": rows, "template": template})


@district_roles_required(DistrictRole.ADMIN)
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@district_roles_required(DistrictRole.ADMIN)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _editor(request, selectors.template_get_for(person=acting_person(request), id=pk))


def _act(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    template = selectors.template_get_for(person=acting_person(request), id=pk)
    service = {"publish": services.template_publish, "withdraw": services.template_withdraw}[action]
    try:
        not_yours_is_404(lambda: service(acting_user=acting_person(request), template=template))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The questionnaire is published: schools can use it.") if action == "publish"
                         else _("The questionnaire is withdrawn; its next publication is a new version."))
    return redirect("survey_templates:detail", pk=pk)


@district_roles_required(DistrictRole.ADMIN)
@require_POST
def template_publish(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _act(request, pk, "publish")


@district_roles_required(DistrictRole.ADMIN)
@require_POST
def template_withdraw(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _act(request, pk, "withdraw")


@district_roles_required(DistrictRole.ADMIN)
@require_POST
def templates_default(request: HttpRequest) -> HttpResponse:
    made = services.survey_templates_default(acting_user=acting_person(request))
    messages.success(request, _("Standard questionnaires added: %(count)d.") % {"count": len(made)})
    return redirect("survey_templates:list")
