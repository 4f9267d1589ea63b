"""Новости и анонсы раздела «Наставничество» школьного сайта (regulation §8.1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsItem(models.Model):
    """A news item or an announcement of an event; the public page shows it once published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("date of publication"))
    is_announcement = models.BooleanField(_("announcement of an event"), default=False)
    event_on = models.DateField(_("date of the event"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_constraint=False, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news and announcements")
        ordering = ["-published_on", "-created_at"]

    def __str__(self) -> str:
        return self.title
