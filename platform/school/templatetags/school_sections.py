"""`{% school_sections "template" … %}`: the sections of a school's space, rendered once and then kept.

The section bar of every page and the home page's section cards are ~30 links, icons and translations: a
fifth of a light page's CPU (issue 15). What they show depends only on what the key below holds — the
language, the URL prefix and URLconf, the person's capabilities, whether they are a guest mentor, and the
current section — so each combination is rendered once per process and the text reused. With DEBUG on
(templates reloaded as they are edited) nothing is kept.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_KEPT: dict[tuple[Any, ...], SafeString] = {}
_MOST_KEPT = 2048  # combinations of language × capabilities × section: a few hundred in practice


@register.simple_tag(takes_context=True)
def school_sections(context: template.Context, template_name: str, **values: Any) -> SafeString:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    key = (
        template_name, tuple(sorted(values.items())), get_language(), get_script_prefix(), get_urlconf(),
        bool(context.get("membership")), bool(context.get("guest_only")), context.get("capabilities"),
        getattr(match, "namespace", None), getattr(match, "url_name", None),
    )
    kept = _KEPT.get(key)
    if kept is not None:
        return kept
    assert context.template is not None  # rendering a template
    with context.push(**values):
        rendered = mark_safe(context.template.engine.get_template(template_name).render(context))  # noqa: S308 - a template's own output
    if not settings.DEBUG:
        if len(_KEPT) >= _MOST_KEPT:
            _KEPT.clear()
        _KEPT[key] = rendered
    return rendered
