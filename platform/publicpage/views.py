"""The school's public page «Наставничество» (regulation §8), open without login, and the pages
where the curator, the system administrator or the methodological association keep its news.

The public views take no member decorator: anyone may open them at the school's host (at the
district's host they answer 404). What they show is decided by publicpage.selectors alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from orders.documents import order_filename, order_pdf
from people.access import capability_required
from people.capabilities import Capability
from people.requests import SchoolRequest, acting_person
from publicpage import selectors, services
from reports.pdf import pdf_response
from service_errors import form_action, not_yours_is_404
from tenants.models import School
from tenants.spaces import is_district

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _school(request: HttpRequest) -> School:
    tenant = getattr(request, "tenant", None)
    if tenant is None or is_district(tenant):
        raise Http404
    return tenant  # type: ignore[no-any-return]


# --- the public page -------------------------------------------------------------------------------------


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """«Наставничество»: the school's public section, for anyone."""
    school = _school(request)
    return render(request, "publicpage/index.html", {"page": selectors.public_page(school=school)})


@require_GET
def public_order_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    """The PDF of a signed normative order (and of nothing else)."""
    school = _school(request)
    order = selectors.public_order_get(id=pk)
    return pdf_response(order_pdf(school=school, order=order), order_filename(school=school, order=order))


@require_GET
def public_material_download(request: HttpRequest, pk: Any) -> FileResponse:
    """The file of a published methodological material."""
    _school(request)
    material = selectors.public_material_get(id=pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=material.original_name)


# --- keeping the news (members with BANKS_MANAGE) ------------------------------------------------------------


class NewsForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    published_on = forms.DateField(label=gettext_lazy("Date of publication"), widget=_DATE,
                                   initial=timezone.localdate)
    is_announcement = forms.BooleanField(label=gettext_lazy("Announcement of an event"), required=False)
    event_on = forms.DateField(label=gettext_lazy("Date of the event"), widget=_DATE, required=False)


@capability_required(Capability.NEWS_MANAGE)
def news_list(request: SchoolRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.news_for(membership=request.membership, query=query), 50).get_page(
        request.GET.get("page"))
    return render(request, "publicpage/news_list.html", {"page": page, "query": query,
                                                         "today": timezone.localdate()})


def _news_form_page(request: SchoolRequest, form: NewsForm, title: str) -> HttpResponse:
    return render(request, "publicpage/news_form.html", {"form": form, "title": title,
                                                         "back": reverse("publicpage:news")})


@capability_required(Capability.NEWS_MANAGE)
def news_create(request: SchoolRequest) -> HttpResponse:
    form = NewsForm(request.POST or None)
    done = form_action(request, form, lambda data: services.news_create(school=request.tenant,
                                                                        acting_user=acting_person(request), **data),
                       success=_("Saved; publish it to show it on the public page."), then="publicpage:news")
    return done or _news_form_page(request, form, _("New news item or announcement"))


@capability_required(Capability.NEWS_MANAGE)
def news_edit(request: SchoolRequest, pk: Any) -> HttpResponse:
    item = selectors.news_get_for(membership=request.membership, id=pk)
    initial = {field: getattr(item, field) for field in ("title", "text", "published_on", "is_announcement",
                                                         "event_on")}
    form = NewsForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: services.news_update(school=request.tenant,
                                                                        acting_user=acting_person(request), item=item,
                                                                        **data),
                       success=_("Saved."), then="publicpage:news")
    return done or _news_form_page(request, form, _("Edit «%(title)s»") % {"title": item.title})


def _news_action(service: Callable[..., Any], done: Any) -> Callable[..., HttpResponse]:
    @capability_required(Capability.NEWS_MANAGE)
    @require_POST
    def view(request: SchoolRequest, pk: Any) -> HttpResponse:
        item = selectors.news_get_for(membership=request.membership, id=pk)
        not_yours_is_404(lambda: service(school=request.tenant, acting_user=acting_person(request), item=item))
        messages.success(request, done)
        return redirect("publicpage:news")

    return view


news_publish = _news_action(services.news_publish, gettext_lazy("Published on the public page."))
news_unpublish = _news_action(services.news_unpublish, gettext_lazy("Taken off the public page."))
