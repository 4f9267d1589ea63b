"""The public page «Наставничество» (regulation §8): only what was consented to, results after completion,
no login, nothing of another school, nothing of the members' world."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from banks.models import MentorProfile
from consents.models import Consent, ConsentPurpose
from consents.services import consent_withdraw
from mentoring.models import ActivityStatus, ProgrammeStatus
from practices import services as practice_services
from practices.models import MethodMaterial
from publicpage.models import NewsItem
from tests.conftest import client_for
from tests.practices.factories import PDF, RESULT, RUNNING_RESULT, publication_consent
from tests.programmes import factories as f

URL = "/nastavnichestvo/"


def _page(world, person=None) -> str:  # type: ignore[no-untyped-def]
    response = client_for(world.school_a, person).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _consent_all(site):  # type: ignore[no-untyped-def]
    return publication_consent(site.mentor), publication_consent(site.mentee)


def test_the_page_works_without_login_and_shows_the_school(world, site):
    with schema_context(world.school_a.schema_name):
        world.school_a.full_name_second_language = "Альфа юккъерчу школа"
        world.school_a.second_language_code = "ce"
        world.school_a.save()
    page = _page(world)
    assert world.school_a.full_name in page and "Альфа юккъерчу школа" in page and 'lang="ce"' in page


def test_a_signed_in_member_sees_the_same_public_page(world, site):
    assert _page(world, world.people["curator_a"]).count(site.mentee.full_name) == _page(world).count(
        site.mentee.full_name)


def test_nobody_is_named_without_the_publication_consent(world, site):
    page = _page(world)
    for staff in (site.mentor, site.mentee):
        assert staff.full_name not in page
    assert "participant" in page or "участник" in page
    with schema_context(world.school_a.schema_name):
        Consent.objects.create(staff=site.mentor, purpose=ConsentPurpose.PROCESSING_PROGRAMME,
                               given_on=dt.date(2025, 9, 1))
    assert site.mentor.full_name not in _page(world)


def test_a_consent_withdrawn_removes_the_person_at_once(world, site):
    with schema_context(world.school_a.schema_name):
        consent, _ = _consent_all(site)
    page = _page(world)
    assert site.mentor.full_name in page and "учитель математики" in page and "математика" in page
    with schema_context(world.school_a.schema_name):
        consent_withdraw(school=world.school_a, acting_user=world.people["curator_a"], consent=consent,
                         withdrawn_on=timezone.localdate())
    assert site.mentor.full_name not in _page(world)


def test_the_mentee_list_needs_the_consent_and_a_place_in_the_bank(world, site):
    with schema_context(world.school_a.schema_name):
        publication_consent(site.mentee)
        both = world.staff("both")
        publication_consent(both)
        from banks.models import MenteeProfile, MenteeStatus
        MenteeProfile.objects.filter(staff=both).update(status=MenteeStatus.LEFT)
    page = _page(world)
    mentees = page.split('id="h-mentees"', 1)[1].split("</section>", 1)[0]
    assert site.mentee.full_name in mentees
    assert both.full_name not in mentees


def test_no_result_of_a_running_programme_even_with_every_consent(world, site):
    with schema_context(world.school_a.schema_name):
        _consent_all(site)
        publication_consent(world.staff("both"))
    page = _page(world)
    assert "Идущая программа" in page
    assert RUNNING_RESULT not in page and "Промежуточное занятие" not in page


def test_a_completed_programmes_results_appear_once_everyone_consented(world, site):
    assert RESULT not in _page(world)
    with schema_context(world.school_a.schema_name):
        _consent_all(site)
    page = _page(world)
    assert "Завершённая программа" in page and RESULT in page


def test_results_appear_only_after_completion(world, site):
    with schema_context(world.school_a.schema_name):
        _consent_all(site)
        site.completed.status = ProgrammeStatus.ACTIVE
        site.completed.save()
    assert RESULT not in _page(world)


def test_normative_base_shows_signed_normative_orders_only(world, site):
    page = _page(world)
    assert "Об утверждении Положения о наставничестве" in page and "О внедрении системы наставничества" in page
    assert "Проект дорожной карты" not in page and "Отменённая дорожная карта" not in page
    assert "О закреплении наставнической пары" not in page


def test_order_pdf_is_served_only_for_signed_normative_orders_whose_people_consented(world, site):
    client = client_for(world.school_a)
    response = client.get(f"{URL}orders/{site.regulation.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for hidden in (site.draft, site.cancelled, site.pair_order, site.system):
        assert client.get(f"{URL}orders/{hidden.pk}/pdf/").status_code == 404
    assert f"{URL}orders/{site.system.pk}/pdf/" not in _page(world)
    with schema_context(world.school_a.schema_name):
        publication_consent(site.mentor)
    assert client.get(f"{URL}orders/{site.system.pk}/pdf/").status_code == 200


def test_best_cases_need_publication_and_everyones_consent(world, site):
    assert site.case.title not in _page(world)
    with schema_context(world.school_a.schema_name):
        consent, _ = _consent_all(site)
    assert site.case.title not in _page(world)  # consented, but not published
    with schema_context(world.school_a.schema_name):
        practice_services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"],
                                           case=site.case)
    assert site.case.title in _page(world)
    with schema_context(world.school_a.schema_name):
        consent.withdrawn_on = timezone.localdate()
        consent.save()
    assert site.case.title not in _page(world)


def test_news_only_when_published_and_due(world, site):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        NewsItem.objects.create(title="Опубликованная новость", text="т", published_on=today, published=True)
        NewsItem.objects.create(title="Черновик новости", text="т", published_on=today, published=False)
        NewsItem.objects.create(title="Будущая новость", text="т", published_on=today + dt.timedelta(days=3),
                                published=True)
        NewsItem.objects.create(title="Анонс семинара", text="т", published_on=today, published=True,
                                is_announcement=True, event_on=today + dt.timedelta(days=10))
    page = _page(world)
    assert "Опубликованная новость" in page and "Анонс семинара" in page
    assert "Черновик новости" not in page and "Будущая новость" not in page


def test_materials_published_only_and_their_files(world, site, media):
    with schema_context(world.school_a.schema_name):
        material = practice_services.material_add(
            school=world.school_a, acting_user=world.people["curator_a"], title="Методичка с файлом",
            uploaded_file=SimpleUploadedFile("м.pdf", PDF))
    client = client_for(world.school_a)
    assert "Методичка с файлом" not in _page(world)
    assert client.get(f"{URL}materials/{material.pk}/").status_code == 404
    with schema_context(world.school_a.schema_name):
        MethodMaterial.objects.filter(pk=material.pk).update(published=True)
    assert "Методичка с файлом" in _page(world)
    response = client.get(f"{URL}materials/{material.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(world.school_b).get(f"{URL}materials/{material.pk}/").status_code == 404


def test_school_b_data_never_on_school_a_page(world, site):
    from tests.publicpage.conftest import order

    with schema_context(world.school_b.schema_name):
        teacher_b = world.staff("teacher_b", world.school_b)
        publication_consent(teacher_b)
        MentorProfile.objects.create(staff=teacher_b, capacity=2, questionnaire_on=dt.date(2025, 9, 1))
        NewsItem.objects.create(title="Новость школы Бета", text="т", published_on=dt.date(2025, 9, 1),
                                published=True)
        beta_order = order("1", "approve_regulation", title="Положение школы Бета")
        f.programme(f.pair(teacher_b, [f.staff("Бетаев")]), status=ProgrammeStatus.ACTIVE, title="Программа Беты")
    page = _page(world)
    for text in (teacher_b.full_name, "Новость школы Бета", "Положение школы Бета", "Программа Беты",
                 world.school_b.full_name):
        assert text not in page
    assert client_for(world.school_a).get(f"{URL}orders/{beta_order.pk}/pdf/").status_code == 404
    beta = client_for(world.school_b).get(URL).content.decode()
    assert teacher_b.full_name in beta and "Новость школы Бета" in beta and site.mentor.full_name not in beta


def test_nothing_of_the_members_world_leaks(world, site):
    with schema_context(world.school_a.schema_name):
        _consent_all(site)
        for staff in (site.mentor, site.mentee):
            staff.email, staff.phone = f"{staff.last_name.lower()}@school.ru", "+7 928 000-00-00"
            staff.save()
        practice_services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"],
                                           case=site.case)
    page = _page(world)
    assert site.mentor.full_name in page
    for secret in (str(site.mentor.pk), str(site.mentee.pk), str(site.case.pk), str(site.completed.pk),
                   str(site.running.pk), "@school.ru", "+7 928", world.people["mentor_a"].username):
        assert secret not in page
    for member_link in ('href="/programmes', 'href="/pairs', 'href="/staff', 'href="/practices', 'href="/banks',
                        'href="/consents', 'href="/orders', 'href="/api', 'href="/"'):
        assert member_link not in page


def test_the_district_host_has_no_public_page(world):
    assert client_for(None).get(URL).status_code == 404


def test_query_count_stays_flat_as_rows_grow(world, site, django_assert_num_queries):
    from tests.publicpage.conftest import order

    client = client_for(world.school_a)
    with schema_context(world.school_a.schema_name):
        _consent_all(site)
        practice_services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"],
                                           case=site.case)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    with schema_context(world.school_a.schema_name):
        for n in range(8):
            mentor, mentee = f.staff(f"Наставников{n}"), f.staff(f"Наставляемов{n}")
            publication_consent(mentor)
            publication_consent(mentee)
            MentorProfile.objects.create(staff=mentor, capacity=2, questionnaire_on=dt.date(2025, 9, 1))
            for status in (ProgrammeStatus.ACTIVE, ProgrammeStatus.COMPLETED):
                programme = f.programme(f.pair(mentor, [mentee, f.staff(f"Третий{n}{status}")]), status=status,
                                        title=f"Программа {n} {status}")
                f.activity(programme, mentee, status=ActivityStatus.DONE)
            order(f"{200 + n}", "approve_roadmap", subjects=(mentor,))
            NewsItem.objects.create(title=f"Новость {n}", text="т", published_on=dt.date(2025, 9, 1),
                                    published=True)
            MethodMaterial.objects.create(title=f"М{n}", link="https://example.org", published=True)
    with django_assert_num_queries(len(few.captured_queries)):
        assert "Программа 7 active" in client.get(URL).content.decode()


def test_the_page_needs_no_member_decorator(world, site):
    """Anonymous, a member of another school, and an outsider all get the page, not a login redirect."""
    for person in (None, world.people["teacher_b"], world.people["outsider"]):
        assert client_for(world.school_a, person).get(URL).status_code == 200


@pytest.mark.parametrize("path", ["orders/not-a-uuid/pdf/", "materials/123/"])
def test_malformed_ids_are_plain_404(world, site, path):
    assert client_for(world.school_a).get(URL + path).status_code == 404
