"""The survey and roadmap sections, read from those apps; their figures counted here over rows made here."""

from __future__ import annotations

import datetime as dt

from schoolreport.selectors import report_figures
from tests.schoolreport.scene import YEAR

TODAY = dt.date(2026, 11, 24)


def test_the_roadmap_section_gives_progress_per_stage(world, in_a):  # type: ignore[no-untyped-def]
    from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage

    assert report_figures(year=YEAR, today=TODAY)["roadmap"] == {"available": False}
    roadmap = Roadmap.objects.create(year_start=YEAR.start, title="Дорожная карта")
    first = RoadmapStage.objects.create(roadmap=roadmap, number=1, title="Условия и локальные акты")
    second = RoadmapStage.objects.create(roadmap=roadmap, number=2, title="Банк наставляемых")
    items = [
        (first, RoadmapItemStatus.DONE, dt.date(2025, 9, 30)),
        (first, RoadmapItemStatus.PLANNED, dt.date(2025, 10, 30)),  # overdue at the year's end
        (second, RoadmapItemStatus.IN_PROGRESS, dt.date(2026, 8, 31)),  # due on the last day: not overdue
    ]
    for position, (stage, status, deadline) in enumerate(items):
        RoadmapItem.objects.create(stage=stage, position=position, title=f"Мероприятие {position}", deadline=deadline,
                                   status=status, done_on=deadline if status == RoadmapItemStatus.DONE else None)
    section = report_figures(year=YEAR, today=TODAY)["roadmap"]
    assert section["available"] is True
    done = sum(1 for _, status, _ in items if status == RoadmapItemStatus.DONE)
    overdue = sum(1 for _, status, deadline in items if status != RoadmapItemStatus.DONE and deadline < YEAR.last_day)
    assert section["rows"][-1] == ["Итого", len(items), done, overdue, round(100 * done / len(items))]
    assert section["rows"][0][:4] == ["1. Условия и локальные акты", 2, 1, 1]


def test_the_survey_section_gives_averages_per_question(world, in_a):  # type: ignore[no-untyped-def]
    from staff.models import StaffMember
    from surveys.models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response

    assert report_figures(year=YEAR, today=TODAY)["surveys"] == {"available": False}
    questionnaire = Questionnaire.objects.create(title="Удовлетворённость наставляемого", audience="mentees")
    scale = Question.objects.create(questionnaire=questionnaire, order=1, text="Насколько полезна программа?",
                                    kind="scale", scale_max=5)
    choice = Question.objects.create(questionnaire=questionnaire, order=2, text="Формат встреч", kind="single",
                                     options=["очно", "дистанционно"])
    campaign = Campaign.objects.create(questionnaire=questionnaire, title="Мониторинг 2025/2026",
                                       opens_on=dt.date(2026, 4, 1), closes_on=dt.date(2026, 4, 30),
                                       for_mentees=True, status=CampaignStatus.CLOSED)
    Campaign.objects.create(questionnaire=questionnaire, title="Черновик", opens_on=dt.date(2026, 5, 1),
                            closes_on=dt.date(2026, 5, 30), for_mentees=True, status=CampaignStatus.DRAFT)
    values = [5, 4, 3]
    for index, value in enumerate(values):
        member = StaffMember.objects.create(last_name=f"Анкетов{index}", first_name="А", position="учитель")
        invitation = Invitation.objects.create(campaign=campaign, staff=member, role="mentee", answered=True)
        response = Response.objects.create(campaign=campaign, invitation=invitation,
                                           submitted_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
        Answer.objects.create(response=response, question=scale, scale_value=value)
        Answer.objects.create(response=response, question=choice, choices=["очно" if index else "дистанционно"])
    member = StaffMember.objects.create(last_name="Молчунов", first_name="Б", position="учитель")
    Invitation.objects.create(campaign=campaign, staff=member, role="mentee")

    section = report_figures(year=YEAR, today=TODAY)["surveys"]
    assert section["available"] is True
    assert section["summary"] == [["Анкетирований в учебном году", 1], ["Приглашено к ответу", len(values) + 1],
                                  ["Ответили", len(values)]]
    rows = {row[1]: row for row in section["rows"]}
    average = f"{sum(values) / len(values):.2f}".replace(".", ",")
    assert rows["Насколько полезна программа?"][2:] == [len(values), f"средний балл {average} из 5"]
    assert rows["Формат встреч"][3] == "очно — 2 (67 %); дистанционно — 1 (33 %)"


def test_the_pdf_prints_the_roadmap_section_or_says_no_data(world, in_a, media, tmp_path):  # type: ignore[no-untyped-def]
    from roadmap.models import Roadmap, RoadmapItem, RoadmapStage
    from schoolreport import services
    from schoolreport.tasks import build_school_report
    from tests.schoolreport.conftest import pdf_text

    def build() -> str:
        report = services.report_request(school=world.school_a, acting_user=world.people["curator_a"], year=YEAR)
        build_school_report(str(report.pk))
        report.refresh_from_db()
        data = report.pdf.open("rb").read()
        (tmp_path / "report.pdf").write_bytes(data)
        return pdf_text(data)

    text = build()
    assert "Нет данных. Сведения о выполнении дорожной карты" in text
    assert "Нет данных. Результаты анкетирования" in text
    roadmap = Roadmap.objects.create(year_start=YEAR.start, title="Дорожная карта")
    stage = RoadmapStage.objects.create(roadmap=roadmap, number=1, title="Условия и локальные акты")
    RoadmapItem.objects.create(stage=stage, title="Приказ о внедрении", deadline=dt.date(2025, 9, 30))
    text = build()
    assert "1. Условия и локальные акты" in text and "Выполнение дорожной карты, %" in text
    assert "Нет данных. Сведения о выполнении дорожной карты" not in text
