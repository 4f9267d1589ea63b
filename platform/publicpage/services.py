"""News and announcements of the school's public page «Наставничество» (regulation §8.1): writes.

Kept by the holders of BANKS_MANAGE — the curator, the system administrator and the
methodological association (the regulation §3–4 has the curator keep the website section
together with the system administrator). An item appears on the public page once published and
its date of publication has come.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Person
from publicpage.models import NewsItem
from tenants.models import School

_FIELDS = ("title", "text", "published_on", "is_announcement", "event_on")


def _require_manager(*, school: School, acting_user: Person) -> None:
    # Pages and the API answer 404 to this, as for any right the person does not have.
    if not can(people_selectors.membership_in(person=acting_user, school=school), Capability.NEWS_MANAGE):
        raise PermissionDenied


def _clean(*, title: str, text: str, published_on: dt.date | None, is_announcement: bool,
           event_on: dt.date | None) -> dict[str, object]:
    errors: dict[str, ValidationError] = {}
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        errors["title"] = ValidationError(_("The title is required."), code="required")
    if not text:
        errors["text"] = ValidationError(_("The text is required."), code="required")
    if published_on is None:
        errors["published_on"] = ValidationError(_("The date of publication is required."), code="required")
    if is_announcement and event_on is None:
        errors["event_on"] = ValidationError(_("An announcement needs the date of the event."), code="required")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "text": text, "published_on": published_on, "is_announcement": is_announcement,
            "event_on": event_on}


def news_create(*, school: School, acting_user: Person, title: str, text: str, published_on: dt.date | None,
                is_announcement: bool = False, event_on: dt.date | None = None) -> NewsItem:
    """Write a news item or an announcement for the public page (regulation §8.1); it starts unpublished."""
    _require_manager(school=school, acting_user=acting_user)
    values = _clean(title=title, text=text, published_on=published_on, is_announcement=is_announcement,
                    event_on=event_on)
    with transaction.atomic():
        item = NewsItem.objects.create(created_by=acting_user, **values)  # type: ignore[arg-type]
        audit_record(actor=acting_user, action="publicpage.news_created", school=school, target=item,
                     details={"title": item.title, "is_announcement": item.is_announcement})
    return item


def news_update(*, school: School, acting_user: Person, item: NewsItem, title: str, text: str,
                published_on: dt.date | None, is_announcement: bool = False,
                event_on: dt.date | None = None) -> NewsItem:
    """Edit a news item or an announcement (regulation §8.1)."""
    _require_manager(school=school, acting_user=acting_user)
    values = _clean(title=title, text=text, published_on=published_on, is_announcement=is_announcement,
                    event_on=event_on)
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().get(pk=item.pk)
        changed = {field: {"before": str(getattr(item, field)), "after": str(value)}
                   for field, value in values.items() if getattr(item, field) != value}
        for field, value in values.items():
            setattr(item, field, value)
        item.save(update_fields=[*_FIELDS, "updated_at"])
        audit_record(actor=acting_user, action="publicpage.news_updated", school=school, target=item,
                     details=changed)
    return item


def _set_published(*, school: School, acting_user: Person, item: NewsItem, published: bool) -> NewsItem:
    _require_manager(school=school, acting_user=acting_user)
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().get(pk=item.pk)
        if item.published != published:
            item.published = published
            item.save(update_fields=["published", "updated_at"])
            audit_record(actor=acting_user, school=school, target=item, details={"title": item.title},
                         action="publicpage.news_published" if published else "publicpage.news_unpublished")
    return item


def news_publish(*, school: School, acting_user: Person, item: NewsItem) -> NewsItem:
    """Show the item on the school's public page from its date of publication (regulation §8.1)."""
    return _set_published(school=school, acting_user=acting_user, item=item, published=True)


def news_unpublish(*, school: School, acting_user: Person, item: NewsItem) -> NewsItem:
    """Take the item off the school's public page (regulation §8.1)."""
    return _set_published(school=school, acting_user=acting_user, item=item, published=False)
