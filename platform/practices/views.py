"""Pages of the best practices bank: parse the form, call one service or selector, render.

Every page is for members of the school (everyone reads the bank); writing needs PROGRAMMES_EDIT.
Files leave the server only through `case_file_download` and `material_download`, after the check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banks.models import Direction
from people.access import capability_required, school_member_required
from people.capabilities import Capability
from people.requests import SchoolRequest, acting_person
from practices import selectors, services
from service_errors import form_action, not_yours_is_404

_PUBLISHED_CHOICES = [("", gettext_lazy("Published and not")), ("yes", gettext_lazy("Published")),
                      ("no", gettext_lazy("Not published"))]


# --- forms: parsing only -------------------------------------------------------------------------


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), required=False,
                                  choices=[("", gettext_lazy("All directions")), *Direction.choices])
    published = forms.ChoiceField(label=gettext_lazy("Public page"), required=False, choices=_PUBLISHED_CHOICES)


class CaseForm(forms.Form):
    programme = forms.ChoiceField(label=gettext_lazy("Completed programme"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    results = forms.CharField(label=gettext_lazy("Results"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    directions = forms.MultipleChoiceField(label=gettext_lazy("Directions"), choices=Direction.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].choices = [  # type: ignore[attr-defined]
                ("", "—"), *[(str(p.pk), f"{p.title} ({p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y})")
                             for p in programmes]]


class CaseFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "PDF, DOCX, XLSX, PPTX, ODT, JPG or PNG."))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    directions = forms.MultipleChoiceField(label=gettext_lazy("Directions"), choices=Direction.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    file = forms.FileField(label=gettext_lazy("File"), required=False, help_text=gettext_lazy(
        "PDF, DOCX, XLSX, PPTX, ODT, JPG or PNG."))
    link = forms.CharField(label=gettext_lazy("or a link"), max_length=500, required=False)


# --- helpers ---------------------------------------------------------------------------------------


def _filters(request: SchoolRequest) -> tuple[FilterForm, dict[str, Any]]:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {"query": data.get("q", "").strip(), "direction": data.get("direction", ""),
                  "published": {"yes": True, "no": False}.get(data.get("published", ""))}


def _page(request: SchoolRequest, items: Any) -> tuple[Any, str]:
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _form_page(request: SchoolRequest, form: forms.Form, *, title: str, back: str, submit: str,
               multipart: bool = False, intro: str = "") -> HttpResponse:
    return render(request, "practices/form.html", {
        "form": form, "title": title, "back": back, "submit": submit, "multipart": multipart, "intro": intro})


def _serve(field: FieldFile, name: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name)


def _detail(case: Any) -> str:
    return reverse("practices:detail", args=[case.pk])


# --- cases -----------------------------------------------------------------------------------------


@school_member_required
def practice_list(request: SchoolRequest) -> HttpResponse:
    filters, params = _filters(request)
    page, query = _page(request, selectors.practices_for(membership=request.membership, **params))
    return render(request, "practices/list.html", {
        "filters": filters, "page": page, "query": query, "may_edit": selectors.may_edit(request.membership),
        "direction_labels": dict(Direction.choices),
    })


@capability_required(Capability.PRACTICES_EDIT)
def practice_create(request: SchoolRequest) -> HttpResponse:
    programmes = list(selectors.completed_programmes(membership=request.membership))
    form = CaseForm(request.POST or None, programmes=programmes,
                    initial={"programme": request.GET.get("programme", "")})

    def create(data: dict[str, Any]) -> Any:
        programme = selectors.programme_for_case(membership=request.membership, id=data["programme"])
        return services.practice_create(
            school=request.tenant, acting_user=acting_person(request), programme=programme, title=data["title"],
            description=data["description"], results=data["results"], directions=data["directions"])

    done = form_action(request, form, create, success=_("The case is added to the best practices bank."),
                       then=_detail)
    return done or _form_page(request, form, title=_("New best practice case"), back=reverse("practices:list"),
                              submit=_("Save"),
                              intro=_("A case is drawn from a completed programme (regulation §8.2)."))


@school_member_required
def practice_detail(request: SchoolRequest, pk: Any) -> HttpResponse:
    case = selectors.practice_get_for(membership=request.membership, id=pk)
    may_edit = selectors.may_edit(request.membership)
    return render(request, "practices/detail.html", {
        "case": case, "may_edit": may_edit,
        "people": selectors.case_people_with_consent(case) if may_edit else [],
        "direction_labels": [Direction(d).label for d in case.directions if d in Direction.values],
    })


@capability_required(Capability.PRACTICES_EDIT)
def practice_edit(request: SchoolRequest, pk: Any) -> HttpResponse:
    case = selectors.practice_get_for(membership=request.membership, id=pk)
    initial = {"title": case.title, "description": case.description, "results": case.results,
               "directions": case.directions}
    form = CaseForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: services.practice_update(
                           school=request.tenant, acting_user=acting_person(request), case=case, **data),
                       success=_("The case is saved."), then=_detail(case))
    return done or _form_page(request, form, title=_("Edit the case"), back=_detail(case), submit=_("Save"))


def _case_action(service: Callable[..., Any], done: Any) -> Callable[..., HttpResponse]:
    @capability_required(Capability.PRACTICES_EDIT)
    @require_POST
    def view(request: SchoolRequest, pk: Any) -> HttpResponse:
        case = selectors.practice_get_for(membership=request.membership, id=pk)
        try:
            not_yours_is_404(lambda: service(school=request.tenant, acting_user=acting_person(request), case=case))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(_detail(case))

    return view


practice_publish = _case_action(services.practice_publish,
                                gettext_lazy("The case is published on the school's public page."))
practice_unpublish = _case_action(services.practice_unpublish,
                                  gettext_lazy("The case is taken off the school's public page."))


@capability_required(Capability.PRACTICES_EDIT)
def case_file_upload(request: SchoolRequest, pk: Any) -> HttpResponse:
    case = selectors.practice_get_for(membership=request.membership, id=pk)
    form = CaseFileForm(request.POST or None, request.FILES or None)
    done = form_action(request, form, lambda data: services.case_file_add(
                           school=request.tenant, acting_user=acting_person(request), case=case,
                           uploaded_file=data["file"], note=data["note"]),
                       success=_("The file is attached to the case."), then=_detail(case))
    return done or _form_page(request, form, title=_("A material for «%(title)s»") % {"title": case.title},
                              back=_detail(case), submit=_("Upload"), multipart=True)


@school_member_required  # type: ignore[arg-type]
def case_file_download(request: SchoolRequest, pk: Any) -> FileResponse:
    """The only way a case's file leaves the server: to a member of the school."""
    stored = selectors.case_file_get_for(membership=request.membership, id=pk)
    return _serve(stored.file, stored.original_name)


# --- methodological materials ------------------------------------------------------------------------


@school_member_required
def material_list(request: SchoolRequest) -> HttpResponse:
    filters, params = _filters(request)
    page, query = _page(request, selectors.materials_for(membership=request.membership, **params))
    return render(request, "practices/materials.html", {
        "filters": filters, "page": page, "query": query, "may_edit": selectors.may_edit(request.membership),
        "direction_labels": dict(Direction.choices),
    })


@capability_required(Capability.PRACTICES_EDIT)
def material_create(request: SchoolRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None)
    done = form_action(request, form, lambda data: services.material_add(
                           school=request.tenant, acting_user=acting_person(request), title=data["title"],
                           description=data["description"], directions=data["directions"], uploaded_file=data["file"],
                           link=data["link"]),
                       success=_("The material is added."), then="practices:materials")
    return done or _form_page(request, form, title=_("New methodological material"),
                              back=reverse("practices:materials"), submit=_("Save"), multipart=True)


def _material_action(service: Callable[..., Any], done: Any) -> Callable[..., HttpResponse]:
    @capability_required(Capability.PRACTICES_EDIT)
    @require_POST
    def view(request: SchoolRequest, pk: Any) -> HttpResponse:
        material = selectors.material_get_for(membership=request.membership, id=pk)
        not_yours_is_404(lambda: service(school=request.tenant, acting_user=acting_person(request),
                                         material=material))
        messages.success(request, done)
        return redirect("practices:materials")

    return view


material_publish = _material_action(services.material_publish,
                                    gettext_lazy("The material is published on the school's public page."))
material_unpublish = _material_action(services.material_unpublish,
                                      gettext_lazy("The material is taken off the school's public page."))


@school_member_required  # type: ignore[arg-type]
def material_download(request: SchoolRequest, pk: Any) -> FileResponse:
    """A methodological material's file, to a member of the school."""
    material = selectors.material_get_for(membership=request.membership, id=pk)
    if not material.file:
        raise Http404
    return _serve(material.file, material.original_name)
