"""The school's year (issue 4) in the demo: roadmap progress, monitoring surveys, a best practice, news.

Everything goes through the platform's own services, acting as the school's curator (the
respondents answer for themselves), and is recognised again by a stable key before anything is
created — a roadmap activity by its place in the roadmap (done ones are left alone), a campaign by
its title, which names the academic year, a best practice by its programme and title, a news item
by its title — so a second run writes nothing and records nothing in the audit. Runs inside the
school's schema (the caller switches to it).

Dates are offsets from the day of seeding, so that the campaigns are open and the news recent
whenever the demo is seeded; a campaign whose dates have passed is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from formats.dates import AcademicYear
from mentoring.models import Programme, ProgrammeStatus
from orders.models import OrderKind
from orders.selectors import order_signer
from orders.services import order_create, order_sign
from people.models import Person
from practices.models import PracticeCase
from practices.services import practice_create, practice_publish
from publicpage.models import NewsItem
from publicpage.services import news_create, news_publish
from roadmap.models import RoadmapItem, RoadmapItemStatus
from roadmap.selectors import is_approval_item, roadmap_approval
from roadmap.services import roadmap_ensure_current, roadmap_item_mark_done
from staff.models import StaffMember
from survey_templates.models import QuestionKind, QuestionnaireTemplate
from surveys.models import Campaign, CampaignStatus, Invitation, Question
from surveys.services import campaign_create, campaign_open, questionnaire_use_template, response_submit
from tenants.models import School

# The evidence of the roadmap's first activities (Приложение 2, stages 1–2), in the template's order,
# and the day of September each was done.
ROADMAP_EVIDENCE: tuple[tuple[str, int], ...] = (
    ("Положение о системе наставничества педагогических работников утверждено приказом директора и размещено "
     "в разделе «Наставничество» сайта школы.", 2),
    ("Дорожная карта (план мероприятий) на учебный год утверждена директором, размещена на сайте школы.", 5),
    ("Приказы о закреплении наставнических пар и групп подписаны; письменные согласия участников на "
     "дополнительные обязанности приложены к приказам.", 12),
    ("Персонализированные программы наставничества подготовлены для каждой пары и группы и утверждены "
     "директором.", 20),
)

TEXT_ANSWERS = (
    "Больше совместных уроков и разборов урока сразу после него.",
    "Полезно было бы чаще обсуждать работу с родителями и классное руководство.",
    "Всё устраивает; хотелось бы продолжить работу во втором полугодии.",
)


@dataclass(frozen=True)
class NewsPlan:
    title: str
    text: str
    days_ago: int
    event_in_days: int | None = None  # an announcement of an event this many days ahead


@dataclass(frozen=True)
class YearPlan:
    roadmap_done: int
    mentee_campaign: bool = False
    anonymous_mentor_campaign: bool = False
    answered_share: float = 0.6  # of the invited who answer
    practice: tuple[str, str, str] | None = None  # title, description, results of the completed programme's case
    news: tuple[NewsPlan, ...] = ()


@dataclass
class YearSummary:
    """What the demo school's year holds, for the command's report."""

    roadmap_done: int = 0
    campaigns: int = 0
    responses: int = 0
    cases: int = 0
    cases_published: int = 0
    news: int = 0
    created: int = 0
    notes: list[str] = field(default_factory=list)


MESKETY_YEAR = YearPlan(
    roadmap_done=4, mentee_campaign=True, anonymous_mentor_campaign=True,
    practice=(
        "Подготовка к ОГЭ по математике в паре «учитель – учитель»: разбор демоверсии и взаимопосещение уроков",
        "Наставник и молодой учитель математики разобрали демоверсию и кодификатор, составили карту тем, "
        "вызывающих затруднения, посещали уроки друг друга и вместе проверили пробный ОГЭ по критериям.",
        "Наставляемая самостоятельно готовит 9 класс к ОГЭ: расхождение с экспертом при проверке пробного "
        "экзамена — не более 1 балла; опыт представлен на ШМО и передан в методическую копилку.",
    ),
    news=(
        NewsPlan("Стартовала программа наставничества нового учебного года",
                 "В школе сформированы наставнические пары и группы, утверждены персонализированные программы "
                 "наставничества. Куратор — Эскиева М.Р.", 40),
        NewsPlan("Молодые педагоги провели открытые уроки",
                 "В рамках программ наставничества молодые педагоги провели открытые уроки; наставники и "
                 "члены ШМО обсудили их на методическом семинаре.", 9),
        NewsPlan("Установочная сессия наставников",
                 "Приглашаем наставников и наставляемых на установочную сессию: обмен опытом, итоги "
                 "анкетирования, планы на второе полугодие.", 3, event_in_days=10),
    ),
)

OTHER_YEAR = YearPlan(
    roadmap_done=2,
    news=(
        NewsPlan("Наставничество в нашей школе",
                 "Утверждены положение о системе наставничества и дорожная карта на учебный год; "
                 "сформирован банк наставников и наставляемых.", 30),
    ),
)

NOZHAY_YURT_YEAR = YearPlan(
    roadmap_done=3, news=OTHER_YEAR.news,
    practice=(
        "Групповое наставничество: методическое сопровождение молодых учителей-предметников",
        "Наставник вёл группу молодых учителей: общие семинары по планированию уроков и оцениванию, "
        "индивидуальные консультации, взаимопосещение уроков внутри группы.",
        "Наставляемые освоили технологическую карту урока и критериальное оценивание; каждый провёл "
        "открытый урок.",
    ),
)

YEAR_PLANS: dict[str, YearPlan] = {
    "meskety": MESKETY_YEAR,
    "novy-zamay-yurt": OTHER_YEAR,
    "nozhay-yurt": NOZHAY_YURT_YEAR,
}


def _answer(question: Question, index: int) -> Any:
    """A plausible, mostly positive answer of the `index`-th respondent."""
    if question.kind == QuestionKind.SCALE:
        return max(1, question.scale_max - index % 2)
    if question.kind == QuestionKind.SINGLE:
        return question.options[index % min(2, len(question.options))]
    if question.kind == QuestionKind.MULTIPLE:
        return list(question.options[index % 2: index % 2 + 2])
    return TEXT_ANSWERS[index % len(TEXT_ANSWERS)]


class YearSeeder:
    """Creates whatever of one school's year plan is missing; call `run()` inside the school's schema."""

    def __init__(self, *, school: School, plan: YearPlan, curator: Person, today: dt.date | None = None) -> None:
        self.school = school
        self.plan = plan
        self.curator = curator
        self.today = today or timezone.localdate()
        self.year = AcademicYear.of(self.today)
        self.summary = YearSummary()

    def run(self) -> YearSummary:
        self.roadmap()
        active = list(Programme.objects.filter(status=ProgrammeStatus.ACTIVE).order_by("starts_on", "title"))
        if self.plan.mentee_campaign and active:
            self.campaign(
                key="mentee_satisfaction", programmes=active, anonymous=False, for_mentees=True,
                title=f"Удовлетворённость наставляемых программой наставничества, {self.year}",
            )
        if self.plan.anonymous_mentor_campaign and active:
            self.campaign(
                key="mentor_satisfaction", programmes=active, anonymous=True, for_mentors=True,
                title=f"Анонимное анкетирование наставников, {self.year}",
            )
        if self.plan.practice is not None:
            self.practice(*self.plan.practice)
        for news in self.plan.news:
            self.news(news)
        self.count()
        return self.summary

    # --- roadmap -------------------------------------------------------------------------------------

    def roadmap(self) -> None:
        """The first activities of the current year's roadmap done, with their evidence."""
        roadmap = roadmap_ensure_current(school=self.school, today=self.today)
        items = list(RoadmapItem.objects.filter(stage__roadmap=roadmap)
                     .order_by("stage__number", "position", "deadline", "title")[:self.plan.roadmap_done])
        for item, (evidence, day_of_september) in zip(items, ROADMAP_EVIDENCE, strict=False):
            if item.status == RoadmapItemStatus.DONE:
                continue
            if is_approval_item(item) and not self.roadmap_approved():
                continue  # «approved» means the signed order (roadmap.selectors.roadmap_approval)
            done_on = min(dt.date(self.year.start, 9, day_of_september), self.today)
            roadmap_item_mark_done(school=self.school, acting_user=self.curator, item=item, evidence=evidence,
                                   done_on=done_on)
            self.summary.created += 1

    def roadmap_approved(self) -> bool:
        """The director approves the year's roadmap by a signed order, as the regulation's roadmap asks."""
        if roadmap_approval(self.year) is not None:
            return True
        director = order_signer(school=self.school, order=None)
        if director is None:
            return False
        order = order_create(
            school=self.school, acting_user=self.curator, kind=OrderKind.APPROVE_ROADMAP,
            number=f"{self.year.start % 100}-ДК", date=dt.date(self.year.start, 8, 31),
            title=f"Об утверждении дорожной карты на {self.year} учебный год", signer=director)
        order_sign(school=self.school, acting_user=None, order=order)
        self.summary.created += 1
        return True

    # --- surveys -------------------------------------------------------------------------------------

    def campaign(self, *, key: str, programmes: list[Programme], anonymous: bool, title: str,
                 for_mentors: bool = False, for_mentees: bool = False) -> None:
        """A campaign of the district's standard questionnaire, used as it is, open for today ± 2 weeks."""
        campaign = Campaign.objects.filter(title=title).first()
        if campaign is None:
            template = QuestionnaireTemplate.objects.filter(key=key, published=True).first()
            if template is None:
                self.summary.notes.append(f"no published standard questionnaire «{key}»")
                return
            questionnaire = questionnaire_use_template(school=self.school, acting_user=self.curator,
                                                       template=template)
            campaign = campaign_create(
                school=self.school, acting_user=self.curator, questionnaire=questionnaire, title=title,
                opens_on=self.today - dt.timedelta(days=14), closes_on=self.today + dt.timedelta(days=14),
                anonymous=anonymous, programmes=programmes, for_mentors=for_mentors, for_mentees=for_mentees,
                today=self.today,
            )
            campaign = campaign_open(school=self.school, acting_user=self.curator, campaign=campaign,
                                     today=self.today)
            self.summary.created += 2
        if campaign.status != CampaignStatus.OPEN or not campaign.opens_on <= self.today <= campaign.closes_on:
            return
        self.answers(campaign)

    def answers(self, campaign: Campaign) -> None:
        """The first respondents (by name) answer; the rest have not yet."""
        invitations = list(Invitation.objects.filter(campaign=campaign).select_related("staff__person")
                           .order_by("staff__last_name", "staff__first_name", "staff__patronymic"))
        answering = max(1, round(len(invitations) * self.plan.answered_share)) if invitations else 0
        questions = list(campaign.questionnaire.questions.order_by("order"))
        for index, invitation in enumerate(invitations[:answering]):
            if invitation.answered or invitation.staff.person is None:
                continue
            response_submit(
                school=self.school, acting_user=invitation.staff.person, campaign=campaign, today=self.today,
                answers={str(question.pk): _answer(question, index) for question in questions},
            )
            self.summary.created += 1

    # --- best practice -------------------------------------------------------------------------------

    def practice(self, title: str, description: str, results: str) -> None:
        """A case of the completed programme; published only if everyone in it consented (§8.1–8.2)."""
        programme = (Programme.objects.filter(status=ProgrammeStatus.COMPLETED)
                     .order_by("ends_on", "title").first())
        if programme is None or PracticeCase.objects.filter(programme=programme, title=title).exists():
            return
        case = practice_create(school=self.school, acting_user=self.curator, programme=programme, title=title,
                               description=description, results=results, directions=list(programme.directions))
        self.summary.created += 1
        try:
            practice_publish(school=self.school, acting_user=self.curator, case=case, today=self.today)
            self.summary.created += 1
        except ValidationError as error:  # a participant has not consented to publication: left unpublished
            self.summary.notes.append("; ".join(error.messages))

    # --- public page ---------------------------------------------------------------------------------

    def news(self, plan: NewsPlan) -> None:
        if NewsItem.objects.filter(title=plan.title).exists():
            return
        event_on = None if plan.event_in_days is None else self.today + dt.timedelta(days=plan.event_in_days)
        item = news_create(
            school=self.school, acting_user=self.curator, title=plan.title, text=plan.text,
            published_on=self.today - dt.timedelta(days=plan.days_ago),
            is_announcement=event_on is not None, event_on=event_on,
        )
        news_publish(school=self.school, acting_user=self.curator, item=item)
        self.summary.created += 2

    def count(self) -> None:
        self.summary.roadmap_done = RoadmapItem.objects.filter(
            stage__roadmap__year_start=self.year.start, status=RoadmapItemStatus.DONE).count()
        self.summary.campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN).count()
        self.summary.responses = Invitation.objects.filter(answered=True).count()
        self.summary.cases = PracticeCase.objects.count()
        self.summary.cases_published = PracticeCase.objects.filter(published=True).count()
        self.summary.news = NewsItem.objects.filter(published=True).count()


def school_year_seed(*, school: School, plan: YearPlan, curator_name: str,
                     today: dt.date | None = None) -> YearSummary:
    """Seed the school's year in the current school's schema; `curator_name` is «Фамилия Имя Отчество»."""
    curator = next((member.person for member in StaffMember.objects.select_related("person")
                    if member.full_name == curator_name and member.person is not None), None)
    if curator is None:
        raise LookupError(f"{school.slug}: the curator {curator_name} has no account")
    return YearSeeder(school=school, plan=plan, curator=curator, today=today).run()

