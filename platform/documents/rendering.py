"""The strict renderer of the school's document templates: `{{ name }}` and nothing else.

A template is plain text, one block a line (see `documents.layout`), with named
placeholders such as `{{ school.full_name }}`. Every placeholder must be one the document
knows; an unknown or malformed one is an error that names it, its line and the template —
never a silent blank, which is how a neighbour's name ends up in a school's regulation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NAME = r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*"
_ANY_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_NAMED = re.compile(rf"^\s*({NAME})\s*$")


@dataclass(frozen=True)
class Placeholder:
    name: str
    line: int


def _error(message: str, code: str, params: dict[str, object]) -> ValidationError:
    return ValidationError({"body": ValidationError(message, code=code, params=params)})


def placeholders_in(text: str, *, template: str) -> list[Placeholder]:
    """Every placeholder of `text` in order; a malformed or unclosed one raises ValidationError."""
    found: list[Placeholder] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _ANY_PLACEHOLDER.finditer(line):
            named = _NAMED.match(match.group(1))
            if named is None:
                raise _error(
                    _("Malformed placeholder «%(text)s» in the template «%(template)s», line %(line)s: "
                      "write {{ name }} with a known name."),
                    "malformed_placeholder", {"text": match.group(0), "template": template, "line": number})
            found.append(Placeholder(named.group(1), number))
        rest = _ANY_PLACEHOLDER.sub("", line)
        if "{{" in rest or "}}" in rest:
            raise _error(
                _("Unclosed placeholder in the template «%(template)s», line %(line)s: every «{{» needs its «}}»."),
                "unclosed_placeholder", {"template": template, "line": number})
    return found


def template_check(text: str, *, template: str, known: Collection[str]) -> None:
    """Raise ValidationError naming the first unknown placeholder of `text` (and the template, the line)."""
    for placeholder in placeholders_in(text, template=template):
        if placeholder.name not in known:
            raise _error(
                _("Unknown placeholder «{{ %(name)s }}» in the template «%(template)s», line %(line)s. "
                  "Known placeholders: %(known)s."),
                "unknown_placeholder",
                {"name": placeholder.name, "template": template, "line": placeholder.line,
                 "known": ", ".join(sorted(known))})


def render_line(line: str, *, context: Mapping[str, str], template: str, number: int = 0) -> str:
    """Substitute every placeholder of one line; an unknown name raises ValidationError."""
    def substitute(match: re.Match[str]) -> str:
        named = _NAMED.match(match.group(1))
        if named is None or named.group(1) not in context:
            raise _error(
                _("Unknown placeholder «%(text)s» in the template «%(template)s», line %(line)s. "
                  "Known placeholders: %(known)s."),
                "unknown_placeholder",
                {"text": match.group(0), "template": template, "line": number, "known": ", ".join(sorted(context))})
        return str(context[named.group(1)])

    return _ANY_PLACEHOLDER.sub(substitute, line)


def render(text: str, *, context: Mapping[str, str], template: str) -> str:
    """The whole template with its placeholders filled; checks everything before substituting."""
    template_check(text, template=template, known=context.keys())
    return "\n".join(render_line(line, context=context, template=template, number=number)
                     for number, line in enumerate(text.splitlines(), start=1))
