"""Pages of the school's documents: the list with PDF and DOCX links, the files, the school's wording."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from documents import selectors, services
from documents.catalogue import SCHOOL_KINDS, DocumentKind, placeholders_for
from documents.downloads import FORMATS, file_response, school_file_for
from documents.selectors import regulation_update
from people.access import capability_required
from people.capabilities import Capability
from people.requests import SchoolRequest, acting_person
from regulation_templates import selectors as regulation_selectors
from service_errors import form_action, not_yours_is_404

LIST_LIMIT = 50


class TemplateForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Template"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))


@capability_required(Capability.DOCUMENTS_GENERATE)
def document_list(request: SchoolRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    texts = selectors.document_texts()
    year = selectors.document_year(request.GET.get("year"))
    facts = selectors.school_facts(school=request.tenant, year=year)
    school_documents = [{"kind": kind, "label": kind.label, "own": texts.get(kind)} for kind in SCHOOL_KINDS]
    programmes = list(selectors.programmes_for_documents(membership=request.membership, query=query)[:LIST_LIMIT])
    pairs = list(selectors.pairs_for_documents(membership=request.membership, person=request.user,
                                               query=query)[:LIST_LIMIT])
    return render(request, "documents/list.html", {
        "school_documents": school_documents, "programmes": programmes, "pairs": pairs, "query": query,
        "facts": facts, "programme_text": texts.get(DocumentKind.PROGRAMME), "limit": LIST_LIMIT,
        "regulation": selectors.regulation_version(), "regulation_update": regulation_update(),
        "years": selectors.document_years(), "year": year, "year_param": f"year={year}",
    })


@capability_required(Capability.DOCUMENTS_GENERATE)
@require_http_methods(["GET", "POST"])
def regulation_adopt(request: SchoolRequest) -> HttpResponse:
    """Adopt the district's new version of the regulation; a school with its own wording confirms first."""
    update = regulation_update()
    if request.method == "GET":
        if update is None:
            return redirect("documents:list")
        return render(request, "documents/regulation_adopt.html", {"update": update, "error": ""})
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise Http404 from None
    template = regulation_selectors.published_get(version=version)
    try:
        not_yours_is_404(lambda: services.regulation_adopt(
            school=request.tenant, acting_user=acting_person(request), template=template,
            replace_own_text=request.POST.get("replace_own_text") == "1"))
    except ValidationError as error:
        if update is not None and "replace_own_text" in getattr(error, "error_dict", {}):
            return render(request, "documents/regulation_adopt.html",
                          {"update": update, "error": " ".join(error.messages)})
        messages.error(request, " ".join(error.messages))
        return redirect("documents:list")
    messages.success(request, _("Version %(version)d of the district's regulation is adopted: the school's "
                                "regulation is printed from it.") % {"version": template.version})
    return redirect("documents:list")


@capability_required(Capability.DOCUMENTS_GENERATE)
def document_file(request: SchoolRequest, kind: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    document = school_file_for(membership=request.membership, person=request.user, school=request.tenant, kind=kind,
                               programme_id=request.GET.get("programme"), pair_id=request.GET.get("pair"),
                               year=request.GET.get("year"))
    return file_response(document, fmt)


@capability_required(Capability.DOCUMENTS_GENERATE)
def template_edit(request: SchoolRequest, kind: str) -> HttpResponse:
    document_kind = selectors.templated_kind_get(kind)
    body, own = selectors.document_text(document_kind)
    if request.method == "POST" and "reset" in request.POST:
        services.document_text_reset(school=request.tenant, acting_user=acting_person(request), kind=document_kind)
        messages.success(request, _("The standard wording is back."))
        return redirect("documents:template", kind=kind)
    form = TemplateForm(request.POST or None, initial={"body": body})
    done = form_action(request, form, lambda data: services.document_text_save(
                           school=request.tenant, acting_user=acting_person(request), kind=document_kind,
                           body=data["body"]),
                       success=_("The template is saved."), then=reverse("documents:template", kwargs={"kind": kind}))
    if done:
        return done
    return render(request, "documents/template.html", {
        "kind": document_kind, "form": form, "own": own, "placeholders": sorted(placeholders_for(kind).items()),
        "standard": selectors.standard_text(kind),
        "regulation": selectors.regulation_version() if document_kind == DocumentKind.REGULATION else None,
    })
