"""No English on a Russian page, no Russian on an English one (issue 12), enforced by a crawler.

On the demo district (`seed_demo`), one person of every role of a school (Мескеты) and of the district signs in
and opens every page they can reach: the URL patterns without arguments, then every link found, then every
«new / add / edit» form submitted empty so that its errors show. The visible text (text nodes and the attributes
a person reads: placeholder, title, aria-label, alt, a button's value) must have
- in Russian: no Latin word outside an allow-list (file types, abbreviations) and the data (logins, e-mails, URLs,
  names typed by people);
- in English: no Cyrillic word outside the data (every text value stored in the school's and the district's
  tables — names, positions, titles, the district's templates).

Bounded: one URL per «shape» (ids replaced), at most MAX_PAGES per role and language. It prints how many pages
it visited per role.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from people.models import Membership, Person
from tenants.models import School
from tests.conftest import client_for

MAX_PAGES = 160
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{2,}(?:-[А-Яа-яЁё]+)*")  # one letter is an initial
# The language switcher names each language in itself; the kinds of Russian schools keep their abbreviations.
ALLOWED_CYRILLIC = {"русский", "нош", "оош", "сош"}
# Pages whose Russian text in English is known and left to their owners, said here so that it is not hidden.
KNOWN_RUSSIAN_ONLY = {
    "/exchange/requests/#/": "the exchange's explanation of a mentor's score (exchange.matching) is written in Russian",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[Ee]-mail\b")
URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+(\.[\w-]+)*\.(ru|localhost|com|org)\b(:\d+)?\S*")
# Words that are the same in Russian interfaces: file types, standard abbreviations, product names.
ALLOWED_LATIN = {
    "pdf", "docx", "xlsx", "csv", "api", "url", "id", "svg", "odt", "pptx", "jpg", "png", "json", "uuid", "mb",
    "http", "https", "email", "utc", "utf", "it", "fgos", "ok", "excel", "qr", "ics", "otp", "totp",
    "en", "english",  # the language switcher names each language in itself
}
SKIP = re.compile(
    r"^/(api|static|media|i18n|logout|admin)/|/(pdf|docx|xlsx|csv)/?$|\.(pdf|docx|xlsx|csv|svg|png|js|css)$"
    r"|/(sign|cancel|withdraw|deactivate|archive|restore|activate|approve|start|complete|publish|delete|remove"
    r"|adopt|close|launch|decide|end|export|run|refresh)/?$|/nastavnichestvo/"
)
EMPTY_FORMS = re.compile(r"/(new|add|edit|give|import|create)/$")
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b\d+\b")
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Page(HTMLParser):
    """The visible text, the links and the forms of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.forms: list[tuple[str, str, str]] = []  # method, action, csrf token
        self._hidden = 0
        self._form: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("script", "style", "template", "code", "pre", "textarea"):
            self._hidden += 1  # not read as the interface: code, literal samples, a field's own text (data)
        for name in VISIBLE_ATTRIBUTES:
            if values.get(name):
                self.text.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.text.append(values["value"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "form":
            self._form = [values.get("method", "get").lower(), values.get("action", ""), ""]
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self._form is not None:
            self._form[2] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "code", "pre", "textarea"):
            self._hidden = max(0, self._hidden - 1)
        if tag == "form" and self._form is not None:
            method, action, token = self._form
            self.forms.append((method, action, token))
            self._form = None

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data)


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    """The paths of the URL patterns that take no argument."""
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def _data_words(schemas: Iterable[str]) -> tuple[set[str], set[str]]:
    """Every word stored in a text column of the given schemas: Latin ones and Cyrillic ones (lower case)."""
    latin: set[str] = set()
    cyrillic: set[str] = set()
    for schema in schemas:
        with schema_context(schema):
            for model in apps.get_models():
                fields = [f.name for f in model._meta.concrete_fields
                          if isinstance(f, (models.CharField, models.TextField, models.JSONField, ArrayField))
                          and not f.choices]
                if not fields or model._meta.proxy:
                    continue
                try:
                    with transaction.atomic():  # a savepoint: the table may be of the other kind of schema
                        rows = list(model.objects.values_list(*fields)[:5000])
                except DatabaseError:
                    continue
                for row in rows:
                    for value in row:
                        if value:
                            latin.update(w.lower() for w in LATIN_WORD.findall(str(value)))
                            cyrillic.update(w.lower() for w in CYRILLIC_WORD.findall(str(value)))
    return latin, cyrillic


def _around(text: str, word: str) -> str:
    at = text.find(word)
    return " ".join(text[max(0, at - 40):at + len(word) + 40].split())


def _shape(path: str) -> str:
    return ID.sub("#", path)


def _crawl(client: Client, start: Iterable[str], check, label: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    seen_shapes: set[str] = set()
    queue = list(dict.fromkeys(start))
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        if _shape(path) in seen_shapes or SKIP.search(path):
            continue
        seen_shapes.add(_shape(path))
        response = client.get(path)
        if response.status_code in (301, 302) or response.get("Content-Type", "").split(";")[0] != "text/html":
            continue
        visited += 1
        body = response.content.decode()
        page = _Page()
        page.feed(body)
        if not (label.startswith("[en]") and _shape(path) in KNOWN_RUSSIAN_ONLY):
            text = " ".join(page.text)
            problems += [f"{label} {path} «…{_around(text, word)}…»: {word}" for word in check(text)]
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _shape(target) not in seen_shapes:
                queue.append(target)
        for method, action, token in [] if "TOTAL_FORMS" in body else page.forms:  # formsets need their counts
            target = action or path
            if method == "post" and token and EMPTY_FORMS.search(urlsplit(target).path or path):
                shape = _shape(target) + " POST"
                if shape in seen_shapes:
                    continue
                seen_shapes.add(shape)
                posted = client.post(target, {"csrfmiddlewaretoken": token})
                if posted.status_code == 200 and posted.get("Content-Type", "").startswith("text/html"):
                    visited += 1
                    errors = _Page()
                    errors.feed(posted.content.decode())
                    problems += [f"{label} POST {target}: {word}" for word in check(" ".join(errors.text))]
    return visited, problems


def _role_people(school: School) -> dict[str, Person]:
    """One person for every role of the school (the first by login)."""
    people: dict[str, Person] = {}
    for membership in Membership.objects.filter(school=school).select_related("person").order_by("person__username"):
        for role in membership.roles:
            people.setdefault(role, membership.person)
    return people


@pytest.fixture
def public_after():  # type: ignore[no-untyped-def]
    yield
    connection.set_schema_to_public()


def test_no_english_in_russian_and_no_russian_in_english(world, public_after, capsys):
    call_command("seed_demo", stdout=StringIO(), port=8123)
    school = School.objects.get(slug="meskety")
    latin_data, cyrillic_data = _data_words(["public", school.schema_name])
    for person in Person.objects.all():
        latin_data.update(w.lower() for w in LATIN_WORD.findall(f"{person.username} {person.email}"))

    def latin_words(text: str) -> list[str]:
        text = URL.sub(" ", EMAIL.sub(" ", text))
        return sorted({w for w in LATIN_WORD.findall(text) if w.lower() not in ALLOWED_LATIN | latin_data})

    def cyrillic_words(text: str) -> list[str]:
        return sorted({w for w in CYRILLIC_WORD.findall(text) if w.lower() not in cyrillic_data | ALLOWED_CYRILLIC})

    # one walk per person: a person holding several roles sees what all of them give
    by_person: dict[Person, list[str]] = {}
    for role, person in sorted(_role_people(school).items()):
        by_person.setdefault(person, []).append(role)
    roles: list[tuple[str, School | None, Person]] = [
        (f"школа: {', '.join(held)}", school, person) for person, held in by_person.items()]
    district_people = Person.objects.exclude(district_roles=[]).order_by("username")
    district_roles: dict[str, Person] = {}
    for person in district_people:
        for role in person.district_roles:
            district_roles.setdefault(role, person)
    roles += [(f"район: {role}", None, person) for role, person in sorted(district_roles.items())]
    school_paths = list(_patterns(get_resolver("config.urls_school")))
    district_paths = list(_patterns(get_resolver("config.urls_district")))

    problems: list[str] = []
    counts: list[str] = []
    started = time.monotonic()
    for language, check in (("ru", latin_words), ("en", cyrillic_words)):
        for label, space, person in roles:
            client = client_for(space, person)
            client.cookies["django_language"] = language
            start = ["/", *(school_paths if space is not None else district_paths)]
            visited, found = _crawl(client, start, check, f"[{language}] {label}")
            problems += found
            counts.append(f"[{language}] {label} ({person.username}): {visited} pages")
            connection.set_schema_to_public()
    with capsys.disabled():
        print(f"\nLanguage crawl, {time.monotonic() - started:.0f} s:\n  " + "\n  ".join(counts))
    assert all(not line.endswith(": 0 pages") for line in counts)
    by_word: dict[str, str] = {}
    for problem in problems:  # «[ru] школа: director /staff/: Form» → one line per word, with where it was first seen
        where, word = problem.rsplit(": ", 1)
        by_word.setdefault(f"{where.split(']')[0]}] {word}", where)
    assert not by_word, "\n".join(f"{word}  ← {where}" for word, where in sorted(by_word.items()))
