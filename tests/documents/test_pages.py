"""Pages of the school's documents: who sees them, the files, the wording; isolation and query counts."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from documents.catalogue import DocumentKind
from documents.models import DocumentText
from reports.docx import docx_text
from tests.conftest import client_for
from tests.documents.conftest import A_SHORT
from tests.orders.helpers import pdf_text
from tests.programmes import factories as f

ALLOWED = ("director_a", "curator_a")
REFUSED = ("teacher_a", "mentor_a", "mentee_a", "both")
STRANGERS = ("director_b", "curator_b", "outsider", "district_admin")


def file_urls(school_a) -> list[str]:  # type: ignore[no-untyped-def]
    urls = [f"/documents/{kind}/{fmt}/" for kind in ("mentoring_order", "regulation", "roadmap")
            for fmt in ("pdf", "docx")]
    urls += [f"/documents/programme/{fmt}/?programme={school_a.programme.pk}" for fmt in ("pdf", "docx")]
    urls += [f"/documents/pair_order/{fmt}/?pair={school_a.pair.pk}" for fmt in ("pdf", "docx")]
    return urls


@pytest.mark.parametrize("key", ALLOWED)
def test_the_list_and_every_file_for_those_who_prepare_orders(world, school_a, key):
    client = client_for(world.school_a, world.people[key])
    page = client.get("/documents/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Адаптация учителя математики" in content and "116/1" in content
    for url in file_urls(school_a):
        assert url.replace("?", "?") in content.replace("&amp;", "&")
        response = client.get(url)
        assert response.status_code == 200, url
        body = pdf_text(response.content) if "/pdf/" in url else docx_text(response.content)
        assert A_SHORT in body and "Бета" not in body and "Новый-Замай-Юрт" not in body
        expected = "application/pdf" if "/pdf/" in url else "wordprocessingml"
        assert expected in response["Content-Type"]


@pytest.mark.parametrize("key", REFUSED)
def test_everybody_else_gets_the_same_404(world, school_a, key):
    client = client_for(world.school_a, world.people[key])
    assert client.get("/documents/").status_code == 404
    assert client.get("/documents/templates/regulation/").status_code == 404
    for url in file_urls(school_a):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("key", STRANGERS)
def test_people_of_no_membership_here_are_not_let_in(world, school_a, key):
    client = client_for(world.school_a, world.people[key])
    for url in ["/documents/", *file_urls(school_a)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert b"%PDF" not in response.content[:10] and b"PK" not in response.content[:2]


def test_the_sysadmin_is_not_among_them(world, school_a):
    assert client_for(world.school_a, world.people["admin_alpha"]).get("/documents/").status_code == 404


def test_anonymous_is_sent_to_log_in(world):
    response = client_for(world.school_a).get("/documents/regulation/pdf/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_school_a_objects_at_school_b_look_missing(world, school_a):
    client = client_for(world.school_b, world.people["director_b"])
    missing = client.get(f"/documents/programme/pdf/?programme={uuid.uuid4()}")
    assert missing.status_code == 404
    assert client.get(f"/documents/programme/pdf/?programme={school_a.programme.pk}").status_code == 404
    assert client.get(f"/documents/pair_order/docx/?pair={school_a.pair.pk}").status_code == 404
    regulation = client.get("/documents/regulation/pdf/")
    assert regulation.status_code == 200
    text = pdf_text(regulation.content)
    assert "Бета" in text and "Альфа" not in text


@pytest.mark.parametrize("url", [
    "/documents/regulation/odt/", "/documents/nonsense/pdf/", "/documents/programme/pdf/",
    "/documents/programme/pdf/?programme=not-a-uuid", "/documents/pair_order/pdf/?pair=1",
    "/documents/templates/pair_order/", "/documents/templates/nonsense/",
])
def test_bad_addresses_are_404(world, school_a, url):
    assert client_for(world.school_a, world.people["curator_a"]).get(url).status_code == 404


def test_saving_a_template_with_an_unknown_placeholder_shows_the_message_and_saves_nothing(world, school_a):
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        events = AuditEvent.objects.count()
    response = client.post("/documents/templates/roadmap/", {"body": "Дорожная карта {{ school.neighbour }}"})
    assert response.status_code == 200
    assert "{{ school.neighbour }}" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()
        assert AuditEvent.objects.count() == events


def test_saving_and_resetting_a_template(world, school_a):
    client = client_for(world.school_a, world.people["director_a"])
    body = "heading: ДОРОЖНАЯ КАРТА {{ school.short_name }} на {{ year }}\n---\n{{ table.roadmap }}"
    response = client.post("/documents/templates/roadmap/", {"body": body})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert DocumentText.objects.get(kind=DocumentKind.ROADMAP).body == body
    text = pdf_text(client.get("/documents/roadmap/pdf/?year=2025/2026").content)
    assert "ДОРОЖНАЯ КАРТА МБОУ «СОШ с. Альфа» на 2025/2026" in text
    assert client.post("/documents/templates/roadmap/", {"reset": "1"}).status_code == 302
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()


def test_a_teacher_cannot_save_a_template(world, school_a):
    client = client_for(world.school_a, world.people["teacher_a"])
    assert client.post("/documents/templates/regulation/", {"body": "x"}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()


def test_the_list_query_count_stays_flat(world, school_a, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/documents/")
    with django_assert_max_num_queries(25) as small:
        client.get("/documents/")
    with schema_context(world.school_a.schema_name):
        for index in range(6):
            pair = f.pair(f.staff(f"Наставник{index}"), [f.staff(f"Наставляемый{index}")])
            f.programme(pair, title=f"Программа {index}")
    with django_assert_max_num_queries(25) as big:
        response = client.get("/documents/")
    assert "Программа 5" in response.content.decode()
    assert len(big.captured_queries) == len(small.captured_queries)


def test_search_narrows_programmes_and_pairs(world, school_a):
    with schema_context(world.school_a.schema_name):
        f.programme(f.pair(f.staff("Иной"), [f.staff("Другой")]), title="Другая программа")
    content = client_for(world.school_a, world.people["curator_a"]).get("/documents/?q=Другая").content.decode()
    assert "Другая программа" in content and "Адаптация учителя математики" not in content


def test_the_roadmap_uses_the_schools_own_roadmap_of_the_year_when_it_has_one(world, school_a):
    import datetime as dt

    from roadmap.models import Roadmap, RoadmapItem, RoadmapStage

    with schema_context(world.school_a.schema_name):
        roadmap = Roadmap.objects.create(year_start=2025, title="Дорожная карта")
        stage = RoadmapStage.objects.create(roadmap=roadmap, number=1, title="Подготовка условий школы Альфа")
        RoadmapItem.objects.create(stage=stage, title="Издать приказ о наставничестве", deadline=dt.date(2025, 9, 15),
                                   responsible_staff=world.staff("curator_a"))
    client = client_for(world.school_a, world.people["curator_a"])
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(client.get(f"/documents/roadmap/{fmt}/?year=2025/2026").content)
        assert "Подготовка условий школы Альфа" in text and "Издать приказ о наставничестве" in text
        assert "до 15.09.2025" in text and "Curator_A Т." in text
        assert "Формирование банка наставников" not in text  # the default stages are not mixed in


def test_documents_are_of_the_current_year_by_default_and_of_the_year_chosen(world, school_a):
    from documents.selectors import year_of

    current = year_of(timezone.localdate())
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get("/documents/").content.decode()
    assert f'<option value="{current}" selected>' in page
    assert f"/documents/roadmap/pdf/?year={current}" in page
    default = pdf_text(client.get("/documents/roadmap/pdf/").content)
    assert f"на {current} учебный год" in default, default[:600]
    chosen = pdf_text(client.get("/documents/roadmap/pdf/?year=2024/2025").content)
    assert "на 2024/2025 учебный год" in chosen and "апрель – май 2025 г." in chosen
    page = client.get("/documents/?year=2024/2025").content.decode()
    assert '<option value="2024/2025" selected>' in page and "?year=2024/2025" in page
    # the order of 31.08.2025 is that year's: another year's order is a draft without its number
    other = pdf_text(client.get("/documents/mentoring_order/pdf/?year=2024/2025").content)
    assert "ПРОЕКТ" in other and "116/1" not in other
    own = pdf_text(client.get("/documents/mentoring_order/pdf/?year=2025/2026").content)
    assert "№ 116/1 от 31.08.2025" in own and "ПРОЕКТ" not in own


@pytest.mark.parametrize("year", ["2024", "2024/2026", "1990/1991", "2090/2091", "abc"])
def test_a_year_not_offered_is_404(world, school_a, year):
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.get(f"/documents/roadmap/pdf/?year={year}").status_code == 404
    assert client.get(f"/documents/?year={year}").status_code == 404
