"""The interface: Russian by default, English on request, every asset served by the platform.

Also keeps the Russian catalogue honest: every string the code marks for translation
is translated, nothing is left fuzzy, and the committed django.mo is the compiled
django.po (fresh machines have no gettext, so nothing is compiled at run time).
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation.template import templatize

from people.capabilities import Capability, can
from people.roles import SchoolRole
from tenants.models import School
from tests.conftest import PASSWORD, World, client_for

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "platform" / "templates"
STATIC_DIR = ROOT / "platform" / "static"
LOCALE_DIR = ROOT / "platform" / "locale" / "ru" / "LC_MESSAGES"


def _body(response) -> str:  # type: ignore[no-untyped-def]
    # Reading a streamed response to its end also closes it (the test client's wrapper);
    # closing it again would fire request_finished and close the test's DB connection.
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- Language -------------------------------------------------------------------


def test_school_home_is_in_russian_by_default(world: World) -> None:
    page = _body(client_for(world.school_a, world.people["director_a"]).get("/"))
    assert '<html lang="ru">' in page
    assert "Выйти" in page and ">Директор<" in page
    assert "Log out" not in page and ">Director<" not in page


def test_school_home_is_in_english_after_choosing_english(world: World) -> None:
    client = client_for(world.school_a, world.people["director_a"])
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302 and switched["Location"] == "/"
    page = _body(client.get("/"))
    assert '<html lang="en">' in page
    assert "Log out" in page and ">Director<" in page
    assert "Выйти" not in page and ">Директор<" not in page
    # And back: the choice is the person's, not a one-way door.
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert "Выйти" in _body(client.get("/"))


def test_login_page_names_the_school_of_its_host(world: World) -> None:
    # The fixtures' schools have the same full and short name; tell them apart here.
    School.objects.filter(pk=world.school_a.pk).update(short_name="СОШ с. Альфа")
    alpha = _body(client_for(world.school_a).get("/login/"))
    beta = _body(client_for(world.school_b).get("/login/"))
    assert world.school_a.full_name in alpha and world.school_b.full_name not in alpha
    assert world.school_b.full_name in beta and world.school_a.full_name not in beta
    assert "Вход" in alpha and 'name="username"' in alpha and 'name="password"' in alpha


def test_district_login_page_names_the_district_space_and_no_school(world: World) -> None:
    page = _body(client_for(None).get("/login/"))
    assert "Кабинет отдела образования района" in page
    assert world.school_a.full_name not in page and world.school_b.full_name not in page


def test_not_found_page_is_the_platforms_own_and_in_russian(world: World) -> None:
    response = client_for(world.school_a, world.people["director_a"]).get("/no-such-page/")
    assert response.status_code == 404
    page = _body(response)
    assert "Страница не найдена" in page and 'href="/static/css/app.css"' in page


def test_server_error_page_renders_without_a_request() -> None:
    # Django renders 500.html with an empty context: no request, no context processors.
    with translation.override("ru"):
        page = render_to_string("500.html")
    assert "Ошибка сервера" in page and 'href="/static/css/app.css"' in page


def test_locked_out_page_is_in_russian(world: World) -> None:
    client = client_for(world.school_a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "teacher_a", "password": "guess"})
    assert response.status_code == 429
    page = _body(response)
    assert "Слишком много неудачных попыток входа" in page and 'href="/login/"' in page
    locked = client.post("/login/", {"username": "teacher_a", "password": PASSWORD})  # even the right one
    assert locked.status_code == 429 and "Слишком много неудачных попыток входа" in _body(locked)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("key", "sees_button"), [("district_admin", True), ("district_analyst", False)])
def test_register_button_only_for_district_administrators(world: World, key: str, sees_button: bool) -> None:
    page = _body(client_for(None, world.people[key]).get("/"))
    assert world.school_a.short_name in page  # both see the schools
    assert ('href="/schools/new/"' in page) is sees_button


def _section_links(page: str) -> set[str]:
    nav = re.search(r'<nav class="sectionnav".*?</nav>', page, re.S)
    return set(re.findall(r'href="([^"]+)"', nav.group(0))) if nav else set()


# Sections every member has: each shows what concerns them.
EVERY_MEMBER = {"/", "/pairs/", "/programmes/", "/roadmap/", "/practices/"}
SURVEYS = "/surveys/"  # the campaigns for those who see all pairs, «my surveys» for the others
_SECTION_BY_CAPABILITY = {
    Capability.STAFF_VIEW: "/staff/",
    Capability.BANKS_VIEW: "/banks/",
    Capability.ORDERS_VIEW: "/orders/",
    Capability.DOCUMENTS_GENERATE: "/documents/",
    Capability.REPORT_BUILD: "/report/",
    Capability.CONSENTS_VIEW: "/consents/",
    Capability.AUDIT_VIEW: "/audit/",
    Capability.EXCHANGE_REQUEST: "/exchange/",
}


def test_every_member_is_offered_home_pairs_and_programmes_and_nothing_beyond_their_rights(world: World) -> None:
    links = _section_links(_body(client_for(world.school_a, world.people["teacher_a"]).get("/")))
    assert EVERY_MEMBER | {"/surveys/mine/"} <= links
    assert not {"/staff/", "/banks/", "/consents/", "/audit/", "/surveys/", "/documents/"} & links


def test_there_is_no_school_section_bar_in_the_district_or_before_login(world: World) -> None:
    assert _section_links(_body(client_for(None, world.people["district_admin"]).get("/"))) == set()
    assert _section_links(_body(client_for(world.school_a).get("/login/"))) == set()


@pytest.mark.parametrize("key", ["director_a", "curator_a", "teacher_a"])
def test_section_bar_follows_the_capability_table(world: World, key: str) -> None:
    person = world.people[key]
    page = _body(client_for(world.school_a, person).get("/"))
    membership = person.memberships.get(school=world.school_a)
    surveys = SURVEYS if can(membership, Capability.SURVEYS_RESULTS) else SURVEYS + "mine/"
    expected = EVERY_MEMBER | {surveys} | {
        url for capability, url in _SECTION_BY_CAPABILITY.items() if can(membership, capability)
    }
    assert _section_links(page) == expected


# --- No outside host -------------------------------------------------------------

# A URL naming a host: in an attribute, in CSS url()/@import, or any "scheme://" at all.
_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|formaction|poster|srcset|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I
)
_CSS_URL = re.compile(r"""(?:url\(|@import)\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
_SCHEME_URL = re.compile(r"[^\s\"'(]*://[^\s\"')]*")
# The only exceptions: the XML namespace of SVG (an identifier, never fetched), and the
# district home's links to each school, built from the request's own scheme and host.
_ALLOWED = [
    re.compile(r"""xmlns(?::\w+)?=["']http://www\.w3\.org/[^"']*["']"""),
    re.compile(r"""href="\{\{ request\.scheme \}\}://\{\{ d\.domain \}\}"""),
]


def outside_references(text: str) -> list[str]:
    for allowed in _ALLOWED:
        text = allowed.sub("", text)
    found = [m.group(0) for m in _ATTRIBUTE.finditer(text) if "//" in m.group(1)]
    return found + [m.group(0) for pattern in (_CSS_URL, _SCHEME_URL) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "sample",
    [
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/x.css">',
        "<link href='//fonts.googleapis.com/css?family=Roboto' rel='stylesheet'>",
        '<script src="http://example.org/app.js"></script>',
        "<img src=//img.example.org/a.png alt=''>",
        "@import url('https://fonts.googleapis.com/css2?family=Inter');",
        'body { background: url("//example.org/bg.png"); }',
        "fetch('https://api.example.org/')",
        '<a href="{{ request.scheme }}://evil.example.org/">',
    ],
)
def test_the_outside_reference_check_catches_outside_hosts(sample: str) -> None:
    assert outside_references(sample)


@pytest.mark.parametrize(
    "sample",
    [
        "<link rel=\"icon\" href=\"{% static 'img/favicon.svg' %}\">",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"></svg>',
        '<a href="{{ request.scheme }}://{{ d.domain }}/">',
        "background: url(../img/x.svg);",
    ],
)
def test_the_outside_reference_check_allows_own_assets(sample: str) -> None:
    assert outside_references(sample) == []


def test_templates_and_static_files_reference_no_outside_host() -> None:
    files = [
        path
        for folder in (TEMPLATES_DIR, STATIC_DIR)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".svg", ".css", ".js", ".json", ".webmanifest"}
    ]
    names = {path.relative_to(ROOT).as_posix() for path in files}
    assert {"platform/templates/base.html", "platform/static/css/app.css", "platform/static/img/favicon.svg"} <= names
    found = {
        path.relative_to(ROOT).as_posix(): refs
        for path in files
        if (refs := outside_references(path.read_text(encoding="utf-8")))
    }
    assert found == {}


# --- Assets served by the platform -------------------------------------------------


@pytest.mark.parametrize("space", ["district", "school"])
def test_stylesheet_and_favicon_linked_from_pages_are_served(world: World, space: str) -> None:
    client = client_for(None if space == "district" else world.school_a)
    page = _body(client.get("/login/"))
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml"', page)
    assert stylesheet and stylesheet.group(1) == "/static/css/app.css"
    assert icon and icon.group(1) == "/static/img/favicon.svg"
    for url, content_type, source in (
        (stylesheet.group(1), "text/css", STATIC_DIR / "css" / "app.css"),
        (icon.group(1), "image/svg+xml", STATIC_DIR / "img" / "favicon.svg"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(content_type)
        assert _body(response) == source.read_text(encoding="utf-8")


def test_a_missing_static_file_is_not_found(world: World) -> None:
    assert client_for(None).get("/static/css/no-such-file.css").status_code == 404


# --- The Russian catalogue ---------------------------------------------------------

Key = tuple[str | None, str]  # (context, msgid)


def _po_entries(path: Path) -> tuple[dict[Key, list[str]], list[Key]]:
    """msgstr(s) per (context, msgid), and the entries marked fuzzy (header excluded)."""
    entries: dict[Key, list[str]] = {}
    fuzzy: list[Key] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        fields: dict[str, str] = {}
        current = ""
        for line in lines:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        key = (fields.get("msgctxt"), fields["msgid"])
        entries[key] = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            fuzzy.append(key)
    return entries, fuzzy


_PYTHON_KEYWORDS = {
    # name: (index of the context argument or None, index of the msgid)
    "_": (None, 0), "gettext": (None, 0), "gettext_lazy": (None, 0), "gettext_noop": (None, 0),
    "ngettext": (None, 0), "ngettext_lazy": (None, 0),
    "pgettext": (0, 1), "pgettext_lazy": (0, 1), "npgettext": (0, 1), "npgettext_lazy": (0, 1),
}


def _python_messages(source: str) -> set[Key]:
    found: set[Key] = set()
    tree = ast.parse(source)
    # `from django.utils.translation import gettext_lazy as _lazy`: xgettext does not know `_lazy`, so makemessages
    # never extracts its strings — count them here, so that a missing translation fails this test (issue 12).
    keywords = dict(_PYTHON_KEYWORDS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("translation"):
            for alias in node.names:
                if alias.name in _PYTHON_KEYWORDS and alias.asname:
                    keywords[alias.asname] = _PYTHON_KEYWORDS[alias.name]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in keywords:
            continue
        context_at, msgid_at = keywords[name]
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        if len(args) > msgid_at and args[msgid_at] is not None:
            found.add((args[context_at] if context_at is not None else None, args[msgid_at]))
    return found


def _template_messages(source: str) -> set[Key]:
    """What makemessages would extract: Django turns the template into gettext calls."""
    found: set[Key] = set()
    tokens = list(tokenize.generate_tokens(io.StringIO(templatize(source)).readline))
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in _PYTHON_KEYWORDS:
            continue
        if i + 2 >= len(tokens) or tokens[i + 1].string != "(" or tokens[i + 2].type != tokenize.STRING:
            continue
        args = [ast.literal_eval(tokens[i + 2].string)]
        if i + 4 < len(tokens) and tokens[i + 3].string == "," and tokens[i + 4].type == tokenize.STRING:
            args.append(ast.literal_eval(tokens[i + 4].string))
        context_at, msgid_at = _PYTHON_KEYWORDS[token.string]
        if len(args) > msgid_at:
            found.add((args[context_at] if context_at is not None else None, args[msgid_at]))
    return found


def _source_messages() -> set[Key]:
    """Every translatable string where makemessages looks (ignoring .venv, tests, bench)."""
    ignored = {".venv", "tests", "bench", "node_modules", "staticfiles", "media"}
    found: set[Key] = set()
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or parts[0] in ignored or any(part.startswith(".") for part in parts):
            continue
        if path.suffix == ".py":
            found |= _python_messages(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt"}:
            found |= _template_messages(path.read_text(encoding="utf-8"))
    return found


def test_message_extraction_finds_known_strings() -> None:
    """The extraction below is what makes the completeness check meaningful."""
    assert (None, "Log out") in _template_messages('{% load i18n %}<b>{% translate "Log out" %}</b>')
    assert ("heading", "Log in") in _template_messages('{% load i18n %}{% translate "Log in" context "heading" %}')
    assert (None, "Hello %(n)s") in _template_messages(
        "{% load i18n %}{% blocktranslate with n=x %}Hello {{ n }}{% endblocktranslate %}"
    )
    assert _python_messages('from x import gettext_lazy as _\nA = _("Director")\nB = f(1)') == {(None, "Director")}
    assert _python_messages('from django.utils.translation import gettext_lazy as _lazy\nA = _lazy("Grant")') == {
        (None, "Grant")}
    messages = _source_messages()
    assert (None, "Director") in messages and (None, "Too many failed login attempts") in messages


def test_every_translatable_string_has_a_russian_translation() -> None:
    entries, fuzzy = _po_entries(LOCALE_DIR / "django.po")
    assert fuzzy == []
    untranslated = sorted(key[1] for key, values in entries.items() if not values or not all(values))
    assert untranslated == []
    missing = sorted(key[1] for key in _source_messages() if key not in entries)
    assert missing == [], "run makemessages -l ru, translate, compilemessages (see the .po header)"


def test_committed_mo_is_the_compiled_po() -> None:
    # Untranslated entries are not compiled; the test above is the one that reports them.
    entries = {key: values for key, values in _po_entries(LOCALE_DIR / "django.po")[0].items() if all(values)}
    with open(LOCALE_DIR / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    forms: dict[Key, dict[int, str]] = {}
    for raw_key, value in catalog.items():
        msgid, index = raw_key if isinstance(raw_key, tuple) else (raw_key, 0)
        if msgid == "":
            continue  # the header
        context, _sep, msgid = msgid.rpartition("\x04") if "\x04" in msgid else (None, "", msgid)
        forms.setdefault((context, msgid), {})[index] = value
    compiled = {key: [by_index[i] for i in sorted(by_index)] for key, by_index in forms.items()}
    assert compiled == entries


def test_roles_are_named_in_official_russian_terms() -> None:
    with translation.override("ru"):
        labels = {role: str(role.label) for role in SchoolRole}
    assert labels[SchoolRole.CURATOR] == "Куратор"
    assert labels[SchoolRole.MENTOR] == "Наставник"
    assert labels[SchoolRole.MENTEE] == "Наставляемый"
    assert labels[SchoolRole.PSYCHOLOGIST] == "Педагог-психолог"
    assert labels[SchoolRole.WORKING_GROUP_HEAD] == "Руководитель рабочей группы"
    assert labels[SchoolRole.METHODOLOGICAL_ASSOCIATION] == "Член методического объединения наставников"
    assert labels[SchoolRole.DEPUTY_DIRECTOR] == "Заместитель директора"
