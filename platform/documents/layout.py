"""From a filled template to the blocks of an official document (reports.pdf's blocks).

The template language, one block a line (blank lines are ignored):

    title: ПРИКАЗ                     front matter, before a line `---`: the document's title
    heading: О реализации …           and its subject (both may hold placeholders)
    ---
    # 1. Общие положения              a centred bold heading
    ## ПРИКАЗЫВАЮ:                    a bold heading at the left
    | УТВЕРЖДЕНО                      consecutive `|` lines: the approval stamp at the top right
    sign: Директор | {{ director.short_name }}   a signature line: position | name
    {{ table.plan }}                  a table the document provides, alone on its line
    ~                                 a little vertical space
    anything else                     a justified paragraph with a first-line indent

The kind of a line is decided by the template, never by the data: a value that contains line
breaks (the members of the working group) becomes several blocks of the same kind, and a
name that starts with «#» prints as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.catalogue import TEMPLATED_KINDS, placeholders_for, template_name
from documents.rendering import NAME, placeholders_in, render_line, template_check
from reports.pdf import Addressee, Block, Heading, Para, Signature, Space, Table

_TABLE_LINE = re.compile(rf"^\{{\{{\s*({NAME})\s*\}}\}}$")
_FRONT_KEYS = ("title", "heading")
# «с. Альфа», «№ 116/1», «г. Грозный»: the short word stays on the line of what follows it.
_TIE = re.compile(r"(?<![\w-])(с\.|г\.|п\.|ст\.|им\.|№) ")


def tie(text: str) -> str:
    """Non-breaking spaces after «с.», «г.», «№» …, as Russian typesetting requires."""
    return _TIE.sub("\\1\u00a0", text)


@dataclass
class Layout:
    """A filled template: the title and subject, and the body's blocks in order."""

    title: str = ""
    heading: str = ""
    blocks: list[Block] = field(default_factory=list)

    def stamp_and_body(self) -> tuple[list[Block], list[Block]]:
        """The leading approval stamp (if any) and the rest of the body."""
        stamp: list[Block] = []
        rest = list(self.blocks)
        while rest and isinstance(rest[0], Addressee | Space) and (stamp or isinstance(rest[0], Addressee)):
            stamp.append(rest.pop(0))
        return stamp, rest


def split_front_matter(text: str, *, template: str) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]]]:
    """({key: (line number, value)}, [(line number, body line)])."""
    lines = text.splitlines()
    if "---" not in (line.strip() for line in lines):
        return {}, list(enumerate(lines, start=1))
    front: dict[str, tuple[int, str]] = {}
    body: list[tuple[int, str]] = []
    in_front = True
    for number, line in enumerate(lines, start=1):
        if in_front:
            if line.strip() == "---":
                in_front = False
                continue
            key, sep, value = line.partition(":")
            if sep and key.strip() in _FRONT_KEYS:
                front[key.strip()] = (number, value.strip())
            elif line.strip():
                raise ValidationError({"body": ValidationError(
                    _("Line %(line)s of the template «%(template)s» is above «---» but is not «title:» or "
                      "«heading:»."), code="bad_front_matter", params={"line": number, "template": template})})
        else:
            body.append((number, line))
    return front, body


def layout(
    text: str, *, template: str, context: Mapping[str, str], tables: Mapping[str, Table]
) -> Layout:
    """Check the template against the placeholders it may use, then fill it and lay it out."""
    template_check(text, template=template, known=[*context, *tables])
    front, body = split_front_matter(text, template=template)

    def fill(line: str, number: int) -> list[str]:
        value = tie(render_line(line, context=context, template=template, number=number))
        return [part.strip() for part in value.split("\n") if part.strip()] or [""]

    result = Layout(
        title=" ".join(fill(front["title"][1], front["title"][0])) if "title" in front else "",
        heading=" ".join(fill(front["heading"][1], front["heading"][0])) if "heading" in front else "",
    )
    stamp: list[str] = []

    def flush_stamp() -> None:
        if stamp:
            result.blocks.append(Addressee(list(stamp)))
            stamp.clear()

    for number, raw in body:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|"):
            stamp.extend(fill(line[1:].strip(), number))
            continue
        flush_stamp()
        table = _TABLE_LINE.match(line)
        if table is not None and table.group(1) in tables:
            result.blocks.append(tables[table.group(1)])
        elif any(placeholder.name in tables for placeholder in placeholders_in(line, template=template)):
            raise ValidationError({"body": ValidationError(
                _("A table placeholder must stand alone on its line (template «%(template)s», line %(line)s)."),
                code="table_inline", params={"template": template, "line": number})})
        elif line == "~":
            result.blocks.append(Space(4))
        elif line.startswith("## "):
            result.blocks += [Heading(part, align="left") for part in fill(line[3:], number)]
        elif line.startswith("# "):
            result.blocks += [Heading(part) for part in fill(line[2:], number)]
        elif line.startswith("sign:"):
            position, _sep, name = line[5:].partition("|")
            filled_position = " ".join(fill(position.strip(), number))
            result.blocks += [Signature(position=filled_position, name=part)
                              for part in fill(name.strip(), number)]
        else:
            result.blocks += [Para(part) for part in fill(line, number)]
    flush_stamp()
    return result


MAX_TEMPLATE_LENGTH = 200_000


def document_text_check(*, kind: str, body: str) -> str:
    """The template of `kind` normalised, if it renders; else ValidationError on `body`.

    Strict (the renderer's rules): every placeholder must be one the document knows; an unknown or
    malformed one is refused with a message naming it, its line and the template. The whole text is
    also laid out with sample values, so a template that passes this always renders for a school.
    """
    if kind not in [str(k) for k in TEMPLATED_KINDS]:
        raise ValidationError({"kind": ValidationError(_("This document has no editable template."),
                                                       code="not_templated")})
    body = body.replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise ValidationError({"body": ValidationError(_("The template is empty."), code="required")})
    if len(body) > MAX_TEMPLATE_LENGTH:
        raise ValidationError({"body": ValidationError(
            _("The template is too long: at most %(limit)s characters."), code="max_length",
            params={"limit": MAX_TEMPLATE_LENGTH})})
    name = template_name(kind)
    known = placeholders_for(kind)
    tables = {key: Table(rows=[]) for key in known if key.startswith("table.")}
    context = {key: key for key in known if key not in tables}
    layout(body, template=name, context=context, tables=tables)
    return body
