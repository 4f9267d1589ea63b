"""The demo district's mentoring programme, school by school: banks, orders, pairs, programmes.

Plain data, read by `demo.mentoring_services`. People are named as in `demo.roster`
(«Фамилия Имя Отчество»). Dates that must not go stale are day offsets from the day
the demo is seeded (negative: in the past), so that overdue activities are always
overdue and active programmes always run; the one historical document, order
№ 116/1 of 31.08.2022 of МБОУ «ООШ с. Мескеты», keeps its own date.

Between them the schools show every mode of mentoring (§2.3), a programme in every
state (draft, approved, active, completed, ended early §7.1, extended §7.2), overdue
activities, a pair still waiting for its order, a pending petition to replace the
mentor (§5.1) and a decided request of a mentor to be released (§4.1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from banks.models import Direction as D
from banks.models import MenteeCategory as MC
from mentoring.models import ActivityStatus, EarlyEndReason, ProgrammeStatus
from mentoring.models import Mode as M
from mentoring.models import RoleForm as F
from orders.models import OrderKind
from people.roles import SchoolRole as R

# Who is responsible for an activity, besides a named person.
MENTOR, MENTEE, CURATOR = "mentor", "mentee", "curator"
DONE = "done"  # an activity the pair marks done with its result

IRO = "ГБУ ДПО «Институт развития образования Чеченской Республики»"
ACADEMY = "ФГАОУ ДПО «Академия Минпросвещения России»"
MENTORING_COURSE = "Наставничество в образовательной организации: программы, формы, технологии"
PAYMENT = "ежемесячная стимулирующая выплата 3 000 руб. по Положению об оплате труда работников школы"
# The head of the school mentors within their duties; teachers are paid for it (Labour Code art. 351.8).
PAYMENT_FOR: dict[str, str] = {
    F.HEAD_TEACHER: "без дополнительной оплаты: наставничество входит в должностные обязанности руководителя",
}


@dataclass(frozen=True)
class Training:
    title: str
    provider: str
    days_ago: int
    hours: int | None = None


@dataclass(frozen=True)
class MenteeEntry:
    """A teacher in the mentee bank (§3.4)."""

    name: str
    category: str
    requests: str
    strengths: str
    difficulties: tuple[tuple[str, str], ...]
    publication: bool = False
    # Gave consent to publication and withdrew it this many days ago (152-ФЗ art. 9).
    publication_withdrawn_days_ago: int | None = None


@dataclass(frozen=True)
class MentorEntry:
    """The mentor questionnaire (анкета наставника, §3.4)."""

    name: str
    competencies: str
    directions: tuple[str, ...]
    subjects: tuple[str, ...]
    capacity: int
    forms: tuple[str, ...]
    modes: tuple[str, ...]
    availability: str
    cross_school: bool = False
    exchange: bool = False  # consent to be listed in the district mentor exchange
    publication: bool = False
    # Written consent to be appointed (and to the extra duties) given without a pair yet.
    ready_to_appoint_days_ago: int | None = None
    trainings: tuple[Training, ...] = ()


@dataclass(frozen=True)
class SystemOrder:
    """An order with a fixed date and text (the school's founding order of its mentoring system)."""

    number: str
    date: dt.date
    kind: str
    title: str
    text: str
    subjects: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AppointmentOrder:
    """An order appointing mentors (§3.2), dated `days` from the seeding day."""

    number: str
    days: int
    mentors: tuple[str, ...]


@dataclass(frozen=True)
class ActivityPlan:
    """An activity of a programme's plan. One due after the programme's original end is added with its
    extension, as an adjustment agreed by both (§7.2)."""

    title: str
    direction: str
    due: int  # days from the seeding day
    status: str = ActivityStatus.PLANNED  # or DONE
    responsible: str = MENTOR  # MENTOR, MENTEE (the first), CURATOR or a person's full name
    description: str = ""
    result: str = ""


@dataclass(frozen=True)
class ProgrammePlan:
    title: str
    goals: str
    directions: tuple[str, ...]
    strengths: str
    starts: int  # days from the seeding day
    months: int
    state: str
    activities: tuple[ActivityPlan, ...]
    finished: int | None = None  # days from the seeding day: completed or ended early
    extend_months: int | None = None  # extended by mutual consent (§7.2) to this many months from the start
    extend_reason: str = ""
    end_reason: str = ""
    end_note: str = ""


@dataclass(frozen=True)
class PairPlan:
    mode: str
    role_form: str
    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    order_number: str
    programme: ProgrammePlan
    agreement_content: str
    order_signed: bool = True
    petition: str = ""  # a mentee's pending petition to replace the mentor (§5.1)
    release: tuple[str, str] | None = None  # a mentor's request to be released (§4.1) and the refusal

    @property
    def order_day(self) -> int:
        """The order follows the pair's forming and comes before its programme starts, never in the future."""
        return min(self.programme.starts - 6, -2)

    @property
    def formed(self) -> int:
        return min(self.programme.starts - 10, self.order_day - 3)


@dataclass(frozen=True)
class SchoolPlan:
    curator: str
    director: str
    mentees: tuple[MenteeEntry, ...]
    mentors: tuple[MentorEntry, ...]
    appointments: tuple[AppointmentOrder, ...]
    pairs: tuple[PairPlan, ...]
    system_order: SystemOrder | None = None
    review_days_ago: int | None = None
    review_notes: str = ""


# --- МБОУ «ООШ с. Мескеты»: the whole programme -------------------------------------------------------

ORDER_116_1_TEXT = """\
В целях внедрения системы наставничества педагогических работников, на основании приказа отдела образования \
Ножай-Юртовского муниципального района от 20.08.2021 № 147-п, решения педагогического совета МБОУ «ООШ с. Мескеты» \
от 31.08.2022 (протокол № 1), с учётом мнения первичной профсоюзной организации от 25.08.2022 (протокол № 1),
ПРИКАЗЫВАЮ:
1. Утвердить и ввести в действие с 01.09.2022 прилагаемые:
1.1. Положение о системе наставничества педагогических работников МБОУ «ООШ с. Мескеты» (приложение 1);
1.2. Дорожную карту (план мероприятий) по реализации Положения о системе наставничества педагогических работников \
в МБОУ «ООШ с. Мескеты» (приложение 2);
1.3. Рабочую программу по наставничеству (приложение 3).
2. Цугиеву М.Р., заместителя директора по УВР, назначить координатором внедрения целевой модели наставничества \
в МБОУ «ООШ с. Мескеты».
3. Эскиеву М.Р., заместителя директора по ВР, руководителя ШМО, назначить куратором реализации целевой модели \
наставничества.
4. Утвердить состав рабочей группы, осуществляющей организационную, методическую и аналитическую деятельность \
по реализации целевой модели наставничества:
руководитель рабочей группы — Цугиева М.Р., заместитель директора по УВР;
члены рабочей группы — Эскиев А.Р., заместитель директора по ИКТ; Эскиева М.Р., заместитель директора по ВР; \
Адамова Х.В.-А., учитель начальных классов.
5. Контроль исполнения приказа оставляю за собой."""

MESKETY = SchoolPlan(
    curator="Эскиева Мадина Ризвановна",
    director="Эскиев Рамзан Хамидович",
    system_order=SystemOrder(
        number="116/1", date=dt.date(2022, 8, 31), kind=OrderKind.MENTORING_SYSTEM,
        title="О реализации целевой модели наставничества", text=ORDER_116_1_TEXT,
        subjects=(
            ("Цугиева Марьям Руслановна", R.COORDINATOR),
            ("Цугиева Марьям Руслановна", R.WORKING_GROUP_HEAD),
            ("Эскиева Мадина Ризвановна", R.CURATOR),
            ("Эскиева Мадина Ризвановна", R.WORKING_GROUP_MEMBER),
            ("Эскиев Адам Русланович", R.WORKING_GROUP_MEMBER),
            ("Адамова Хава Вис-Алиевна", R.WORKING_GROUP_MEMBER),
        ),
    ),
    # Last reviewed more than a year ago: the mentee bank page shows that the review is due (§3.4).
    review_days_ago=390,
    review_notes="Банк наставляемых сверен со штатным расписанием; в банк включены молодые специалисты, "
                 "принятые на работу в августе, и учитель, сменивший предмет.",
    mentees=(
        MenteeEntry(
            "Умарова Элина Хасановна", MC.YOUNG_SPECIALIST,
            "Освоить ФГОС НОО и рабочую программу 1 класса; научиться удерживать дисциплину на уроке; "
            "наладить работу с родителями первоклассников.",
            "Свободно владеет цифровыми инструментами (ФГИС «Моя школа», «Сферум», интерактивная доска); "
            "творчески оформляет класс и учебные материалы.",
            ((D.LESSON_ORGANISATION, "Планирование урока по ФГОС НОО: не укладывается во время, этапы урока "
                                     "не выстроены."),
             (D.TEACHING_METHODS, "Обучение грамоте и формирование навыка чтения у слабочитающих детей."),
             (D.UPBRINGING, "Адаптация первоклассников, дисциплина, работа с родителями.")),
        ),
        MenteeEntry(
            "Закриева Седа Исмаиловна", MC.YOUNG_SPECIALIST,
            "Подготовить 9 класс к ОГЭ по математике; освоить критериальное оценивание.",
            "Сильная предметная подготовка, олимпиадный опыт; доброжелательна, дети идут на контакт.",
            ((D.SUBJECT_CONTENT, "Объяснение решения задач второй части ОГЭ (геометрия, текстовые задачи)."),
             (D.TEACHING_METHODS, "Дифференциация заданий для слабых и сильных учащихся одного класса.")),
            publication=True,
        ),
        MenteeEntry(
            "Межидов Ибрагим Султанович", MC.YOUNG_SPECIALIST,
            "Первый год классного руководства в 6 классе.",
            "Тренер секции вольной борьбы, авторитет у учащихся; умеет организовать соревнования.",
            ((D.UPBRINGING, "План воспитательной работы класса, профилактика конфликтов между учащимися."),
             (D.PSYCHOLOGICAL_SUPPORT, "Работа с детьми группы риска и их семьями.")),
            publication_withdrawn_days_ago=12,
        ),
        MenteeEntry(
            "Байсултанова Хеда Алиевна", MC.NEW_TO_POSITION,
            "После 12 лет в начальной школе перешла на должность учителя английского языка; "
            "нужна помощь по предмету и с аттестацией в новой должности.",
            "Большой опыт работы с детьми младшего возраста; аккуратно ведёт документацию.",
            ((D.SUBJECT_CONTENT, "Грамматика и подготовка к ВПР по английскому языку в 7–8 классах."),
             (D.TEACHING_METHODS, "Коммуникативная методика: говорение и аудирование на уроке."),
             (D.OTHER, "Подготовка портфолио к аттестации в новой должности.")),
        ),
        MenteeEntry(
            "Адамова Малика Умаровна", MC.YOUNG_SPECIALIST,
            "Классное руководство в 5 классе; внеурочная деятельность по краеведению.",
            "Увлекается краеведением, водит учащихся в походы по окрестностям села.",
            ((D.UPBRINGING, "Первый опыт классного руководства: классные часы, работа с родителями."),
             (D.LESSON_ORGANISATION, "Практические работы с картой и внеурочные занятия по краеведению.")),
        ),
        MenteeEntry(
            "Идрисова Петимат Аслановна", MC.YOUNG_SPECIALIST,
            "Освоить работу социального педагога: учёт, профилактика, межведомственное взаимодействие.",
            "Знает семьи села, пользуется доверием родителей.",
            ((D.UPBRINGING, "Профилактика правонарушений: ведение учёта, планы индивидуальной работы."),
             (D.PSYCHOLOGICAL_SUPPORT, "Консультирование родителей в конфликтных ситуациях.")),
        ),
        MenteeEntry(
            "Тазуева Лейла Хасановна", MC.OTHER,
            "Освоить ФГИС «Моя школа», электронный журнал и «Сферум»; проводить уроки с интерактивной доской.",
            "28 лет в начальной школе, высокие результаты выпускников; сама наставник для родителей.",
            ((D.DIGITAL_ENVIRONMENT, "Работа в ФГИС «Моя школа», электронном журнале и «Сферуме»; "
                                     "подготовка цифровых материалов к уроку."),),
        ),
    ),
    mentors=(
        MentorEntry(
            "Хасанова Луиза Саидовна",
            "Методика начального обучения, обучение грамоте, адаптация первоклассников; руководила ШМО учителей "
            "начальных классов (2018–2023).",
            (D.TEACHING_METHODS, D.LESSON_ORGANISATION, D.UPBRINGING),
            ("русский язык", "литературное чтение", "математика", "окружающий мир"), 2,
            (F.TEACHER_TEACHER,), (M.TRADITIONAL, M.GROUP), "вторник и четверг после 14:00", publication=True,
            trainings=(Training(MENTORING_COURSE, IRO, 420, 36),),
        ),
        MentorEntry(
            "Мусаева Зарема Ахмедовна",
            "Подготовка к ОГЭ по математике (эксперт предметной комиссии), аттестация педагогов.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS, D.OTHER), ("математика", "алгебра", "геометрия"), 2,
            (F.TEACHER_TEACHER,), (M.TRADITIONAL, M.SHORT_TERM, M.SITUATIONAL), "понедельник, среда — 7-й урок",
            publication=True,
            trainings=(Training("Методика подготовки обучающихся к ОГЭ по математике", ACADEMY, 500, 72),
                       Training(MENTORING_COURSE, IRO, 420, 36)),
        ),
        MentorEntry(
            "Дадаев Хамзат Умарович",
            "Классное руководство (выпустил пять классов), воспитательная работа, профилактика конфликтов.",
            (D.UPBRINGING, D.PSYCHOLOGICAL_SUPPORT, D.LESSON_ORGANISATION),
            ("чеченский язык", "чеченская литература"), 3, (F.TEACHER_TEACHER,), (M.GROUP, M.TRADITIONAL),
            "понедельник и среда после уроков, суббота", publication=True,
            trainings=(Training("Классное руководство и воспитательная работа в школе", IRO, 300, 36),),
        ),
        MentorEntry(
            "Умарова Элина Хасановна",
            "ФГИС «Моя школа», «Сферум», интерактивная доска, онлайн-конструкторы тестов и рабочих листов.",
            (D.DIGITAL_ENVIRONMENT,), (), 1, (F.EDUCATOR_EDUCATOR,), (M.REVERSE, M.VIRTUAL), "пятница после 13:00",
        ),
        MentorEntry(
            "Ибрагимова Луиза Юсуповна",
            "Коммуникативная методика обучения английскому языку, подготовка к ВПР и ОГЭ.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS), ("английский язык",), 2, (F.TEACHER_TEACHER,),
            (M.TRADITIONAL, M.SITUATIONAL, M.VIRTUAL), "вторник, четверг", cross_school=True, exchange=True,
            ready_to_appoint_days_ago=10,
        ),
        MentorEntry(
            "Попова Наталья Николаевна",
            "Эксперт ОГЭ по истории и обществознанию, проектная деятельность учащихся.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS, D.LESSON_ORGANISATION), ("история", "обществознание"), 2,
            (F.TEACHER_TEACHER,), (M.TRADITIONAL, M.VIRTUAL, M.SHORT_TERM), "дистанционно по вечерам",
            cross_school=True, exchange=True,
            trainings=(Training("Подготовка экспертов предметной комиссии ОГЭ по истории",
                                "ГБУ «Центр оценки качества образования Чеченской Республики»", 200, 24),),
        ),
        MentorEntry(
            "Межидова Элина Исмаиловна",
            "Подготовка к итоговому сочинению и ОГЭ по русскому языку.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS), ("русский язык", "литература"), 1, (F.TEACHER_TEACHER,),
            (M.TRADITIONAL,), "среда после 14:00",
        ),
    ),
    appointments=(
        AppointmentOrder("41", -312, ("Мусаева Зарема Ахмедовна",)),
        AppointmentOrder("131", -88, ("Хасанова Луиза Саидовна", "Дадаев Хамзат Умарович")),
        AppointmentOrder("164", -24, ("Умарова Элина Хасановна",)),
    ),
    pairs=(
        PairPlan(
            M.TRADITIONAL, F.TEACHER_TEACHER, ("Хасанова Луиза Саидовна",), ("Умарова Элина Хасановна",), "137",
            agreement_content="Профессиональная адаптация молодого специалиста: планирование и проведение уроков "
                              "в 1 классе, обучение грамоте, работа с родителями.",
            programme=ProgrammePlan(
                "Адаптация молодого учителя начальных классов",
                "Освоить планирование урока по ФГОС НОО, методику обучения грамоте; выстроить работу с классом "
                "и родителями первоклассников.",
                (D.LESSON_ORGANISATION, D.TEACHING_METHODS, D.UPBRINGING),
                "Цифровые компетенции наставляемой: интерактивные задания к урокам обучения грамоте.",
                starts=-75, months=9, state=ProgrammeStatus.ACTIVE,
                activities=(
                    ActivityPlan("Знакомство, диагностика затруднений, согласование плана", "", -72, DONE,
                                 MENTOR, result="Составлена карта затруднений, план согласован с куратором."),
                    ActivityPlan("Посещение уроков наставника в 1 классе (5 уроков)", D.TEACHING_METHODS, -55, DONE,
                                 MENTEE, result="Посещены 5 уроков обучения грамоте, заполнены листы наблюдения."),
                    ActivityPlan("Разработка технологических карт уроков на вторую четверть",
                                 D.LESSON_ORGANISATION, -20, responsible=MENTEE,
                                 status=ActivityStatus.IN_PROGRESS,
                                 description="Технологические карты 10 уроков обучения грамоте и математики."),
                    ActivityPlan("Родительское собрание «Адаптация первоклассника» совместно с наставником",
                                 D.UPBRINGING, -9, responsible=MENTEE),
                    ActivityPlan("Открытый урок наставляемой с анализом", D.LESSON_ORGANISATION, 40,
                                 responsible=MENTEE),
                    ActivityPlan("Серия интерактивных заданий к урокам обучения грамоте", "", 95,
                                 responsible=MENTEE),
                    ActivityPlan("Итоговая самооценка и отчёт о реализации программы", "", 190, responsible=MENTEE),
                ),
            ),
        ),
        PairPlan(
            M.SHORT_TERM, F.TEACHER_TEACHER, ("Мусаева Зарема Ахмедовна",), ("Закриева Седа Исмаиловна",), "44",
            agreement_content="Подготовка молодого учителя математики к работе с 9 классом перед ОГЭ.",
            programme=ProgrammePlan(
                "Подготовка 9 класса к ОГЭ по математике: целеполагающая программа",
                "Освоить методику подготовки к ОГЭ: решение и объяснение задач второй части, дифференциация "
                "заданий, критериальное оценивание.",
                (D.SUBJECT_CONTENT, D.TEACHING_METHODS),
                "Олимпиадная подготовка наставляемой: кружок для сильных учащихся.",
                starts=-300, months=4, state=ProgrammeStatus.COMPLETED, finished=-180,
                activities=(
                    ActivityPlan("Разбор демоверсии ОГЭ и кодификатора", D.SUBJECT_CONTENT, -290, DONE,
                                 result="Составлена карта тем, вызывающих затруднения у учащихся."),
                    ActivityPlan("Взаимопосещение уроков в 9 классах", D.TEACHING_METHODS, -260, DONE, MENTEE,
                                 result="Посещено 6 уроков, анализ обсуждён на ШМО."),
                    ActivityPlan("Разработка разноуровневых карточек по геометрии", D.TEACHING_METHODS, -230, DONE,
                                 MENTEE, result="Комплект из 40 карточек трёх уровней сложности."),
                    ActivityPlan("Пробный ОГЭ: проверка работ по критериям вместе с наставником",
                                 D.SUBJECT_CONTENT, -200, DONE,
                                 result="Расхождение с экспертом не более 1 балла по каждой работе."),
                    ActivityPlan("Выступление на ШМО «Мой опыт подготовки к ОГЭ»", "", -185, DONE, MENTEE,
                                 result="Выступление, методические материалы переданы в копилку."),
                ),
            ),
        ),
        PairPlan(
            M.GROUP, F.TEACHER_TEACHER, ("Дадаев Хамзат Умарович",),
            ("Межидов Ибрагим Султанович", "Адамова Малика Умаровна", "Идрисова Петимат Аслановна"), "134",
            agreement_content="Сопровождение молодых педагогов в классном руководстве и воспитательной работе.",
            programme=ProgrammePlan(
                "Школа молодого классного руководителя",
                "Научить молодых педагогов планировать воспитательную работу класса, предупреждать конфликты "
                "и работать с семьями учащихся.",
                (D.UPBRINGING, D.PSYCHOLOGICAL_SUPPORT),
                "Спортивные и краеведческие увлечения наставляемых — во внеурочную работу классов.",
                starts=-78, months=6, state=ProgrammeStatus.ACTIVE, extend_months=9,
                extend_reason="По общему согласию в программу включена подготовка наставляемых к муниципальному "
                              "конкурсу «Педагогический дебют» (апрель): срок продлён на три месяца.",
                activities=(
                    ActivityPlan("Установочная встреча группы, план воспитательной работы классов", D.UPBRINGING,
                                 -75, DONE, result="Планы воспитательной работы трёх классов согласованы."),
                    ActivityPlan("Практикум «Классный час: от темы до рефлексии»", D.UPBRINGING, -45, DONE,
                                 result="Каждый наставляемый провёл классный час, проведён разбор."),
                    ActivityPlan("Совместно с педагогом-психологом: карта индивидуального сопровождения ребёнка "
                                 "группы риска", D.PSYCHOLOGICAL_SUPPORT, -14,
                                 responsible="Идрисова Петимат Аслановна"),
                    ActivityPlan("Родительские собрания в классах наставляемых при участии наставника",
                                 D.UPBRINGING, 20),
                    ActivityPlan("Подготовка конкурсных материалов «Педагогический дебют»", "", 130,
                                 responsible=CURATOR),
                ),
            ),
        ),
        PairPlan(
            M.SITUATIONAL, F.TEACHER_TEACHER, ("Мусаева Зарема Ахмедовна",), ("Байсултанова Хеда Алиевна",), "146",
            agreement_content="Помощь в подготовке к аттестации учителя, сменившего должность.",
            programme=ProgrammePlan(
                "Аттестация в новой должности: ситуационная помощь",
                "Подготовить портфолио и открытый урок к аттестации на соответствие занимаемой должности "
                "учителя английского языка.",
                (D.OTHER, D.TEACHING_METHODS),
                "Опыт наставляемой в начальной школе — в уроках английского языка в 5–6 классах.",
                starts=-60, months=4, state=ProgrammeStatus.ACTIVE,
                activities=(
                    ActivityPlan("Разбор требований к аттестации, перечень документов портфолио", D.OTHER, -55,
                                 DONE, result="Перечень документов и график подготовки составлены."),
                    ActivityPlan("Оформление портфолио", D.OTHER, -5, responsible=MENTEE,
                                 status=ActivityStatus.IN_PROGRESS),
                    ActivityPlan("Открытый урок английского языка в 6 классе", D.TEACHING_METHODS, 45,
                                 responsible=MENTEE),
                ),
            ),
            petition="Прошу заменить наставника: Мусаева З.А. помогает с документами к аттестации, но преподаёт "
                     "математику; мне нужна помощь по методике обучения английскому языку. Прошу назначить "
                     "наставником Ибрагимову Л.Ю., учителя английского языка.",
        ),
        PairPlan(
            M.REVERSE, F.EDUCATOR_EDUCATOR, ("Умарова Элина Хасановна",), ("Тазуева Лейла Хасановна",), "171",
            agreement_content="Обратное наставничество: освоение цифровой образовательной среды опытным педагогом.",
            programme=ProgrammePlan(
                "Цифровая образовательная среда для опытного учителя",
                "Освоить ФГИС «Моя школа», электронный журнал и «Сферум»; подготовить цифровые материалы "
                "к урокам во 2 классе.",
                (D.DIGITAL_ENVIRONMENT,),
                "Методический опыт наставляемой — в отборе цифровых материалов к урокам.",
                starts=7, months=3, state=ProgrammeStatus.APPROVED,
                activities=(
                    ActivityPlan("Регистрация и настройка рабочего места в ФГИС «Моя школа»",
                                 D.DIGITAL_ENVIRONMENT, 14),
                    ActivityPlan("Электронный журнал: выставление отметок и домашних заданий",
                                 D.DIGITAL_ENVIRONMENT, 30, responsible=MENTEE),
                    ActivityPlan("Урок с интерактивной доской: совместная подготовка и проведение",
                                 D.DIGITAL_ENVIRONMENT, 70, responsible=MENTEE),
                ),
            ),
        ),
    ),
)

# --- МБОУ «ООШ с. Новый-Замай-Юрт» ----------------------------------------------------------------

NOVY_ZAMAY_YURT = SchoolPlan(
    curator="Шахбиева Петимат Аслановна",
    director="Тагиров Хасан Ахмедович",
    review_days_ago=75,
    review_notes="Банк наставляемых пересмотрен в начале учебного года: включены принятые молодые специалисты.",
    mentees=(
        MenteeEntry(
            "Сулейманова Айшат Руслановна", MC.YOUNG_SPECIALIST,
            "Первый год работы: 2 класс; планирование, дисциплина, оценивание.",
            "Выпускница педагогического колледжа с отличием; хорошо рисует, оформляет наглядность.",
            ((D.LESSON_ORGANISATION, "Темп урока и смена видов деятельности."),
             (D.TEACHING_METHODS, "Безотметочное и критериальное оценивание во 2 классе."),
             (D.UPBRINGING, "Дисциплина в классе и работа с родителями.")),
        ),
        MenteeEntry(
            "Эльмурзаева Амина Рамзановна", MC.YOUNG_SPECIALIST,
            "Подготовка к итоговому сочинению и ОГЭ по русскому языку.",
            "Начитанна, ведёт школьный литературный кружок.",
            ((D.SUBJECT_CONTENT, "Сочинение-рассуждение ОГЭ (задание 13): критерии и типичные ошибки."),
             (D.TEACHING_METHODS, "Работа с текстом на уроках литературы в 7–9 классах.")),
        ),
        MenteeEntry(
            "Магомадов Саид Хамзатович", MC.YOUNG_SPECIALIST,
            "Подготовка к ОГЭ по обществознанию; проектная деятельность.",
            "Хорошо знает историю края, организовал школьный музейный уголок.",
            ((D.SUBJECT_CONTENT, "Задания ОГЭ по обществознанию с развёрнутым ответом."),
             (D.LESSON_ORGANISATION, "Руководство индивидуальными проектами учащихся 9 класса.")),
        ),
        MenteeEntry(
            "Джамалдаева Асет Саидовна", MC.YOUNG_SPECIALIST,
            "Методика обучения математике в начальной школе.",
            "Ответственна, охотно берётся за внеклассные мероприятия.",
            ((D.TEACHING_METHODS, "Обучение решению текстовых задач в 3–4 классах."),),
        ),
    ),
    mentors=(
        MentorEntry(
            "Зубайраева Хадижат Саидовна", "Методика начального обучения, оценивание, работа с родителями.",
            (D.LESSON_ORGANISATION, D.TEACHING_METHODS, D.UPBRINGING),
            ("русский язык", "литературное чтение", "математика"), 2, (F.TEACHER_TEACHER,),
            (M.TRADITIONAL, M.GROUP), "ежедневно после 13:00",
            trainings=(Training(MENTORING_COURSE, IRO, 410, 36),),
        ),
        MentorEntry(
            "Висаитова Раиса Умаровна", "Эксперт ОГЭ по русскому языку, подготовка к итоговому сочинению.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS, D.DIGITAL_ENVIRONMENT), ("русский язык", "литература"), 2,
            (F.TEACHER_TEACHER,), (M.VIRTUAL, M.TRADITIONAL), "онлайн по вечерам; суббота", publication=True,
            trainings=(Training("Подготовка экспертов предметной комиссии ОГЭ по русскому языку",
                                "ГБУ «Центр оценки качества образования Чеченской Республики»", 240, 24),),
        ),
        MentorEntry(
            "Исаев Магомед Хасанович", "Физика, цифровая лаборатория «Точка роста», олимпиадная подготовка.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS, D.DIGITAL_ENVIRONMENT), ("физика",), 2,
            (F.TEACHER_TEACHER,), (M.VIRTUAL, M.SHORT_TERM), "онлайн: вторник, четверг", cross_school=True,
            exchange=True,
            trainings=(Training("Цифровая лаборатория на уроках физики (центры «Точка роста»)", ACADEMY, 150, 36),),
        ),
        MentorEntry(
            "Эльмурзаева Зулай Вахаевна", "Подготовка к ОГЭ по обществознанию, проектная деятельность.",
            (D.SUBJECT_CONTENT, D.LESSON_ORGANISATION), ("история", "обществознание"), 1, (F.TEACHER_TEACHER,),
            (M.TRADITIONAL,), "понедельник после 14:00",
        ),
    ),
    appointments=(
        AppointmentOrder("88", -105, ("Эльмурзаева Зулай Вахаевна",)),
        AppointmentOrder("119", -92, ("Зубайраева Хадижат Саидовна", "Висаитова Раиса Умаровна")),
    ),
    pairs=(
        PairPlan(
            M.TRADITIONAL, F.TEACHER_TEACHER, ("Зубайраева Хадижат Саидовна",), ("Сулейманова Айшат Руслановна",),
            "124",
            agreement_content="Профессиональная адаптация молодого учителя начальных классов.",
            programme=ProgrammePlan(
                "Первый год в начальной школе",
                "Выстроить урок и оценивание во 2 классе, наладить дисциплину и работу с родителями.",
                (D.LESSON_ORGANISATION, D.TEACHING_METHODS, D.UPBRINGING),
                "Наглядность, которую готовит наставляемая, — в копилку ШМО.",
                starts=-70, months=9, state=ProgrammeStatus.ACTIVE,
                activities=(
                    ActivityPlan("Диагностика затруднений и план работы", "", -66, DONE,
                                 result="План работы согласован."),
                    ActivityPlan("Посещение уроков наставника", D.LESSON_ORGANISATION, -40, DONE, MENTEE,
                                 result="Посещено 4 урока, проведён разбор."),
                    ActivityPlan("Листы критериального оценивания для 2 класса", D.TEACHING_METHODS, -7,
                                 responsible=MENTEE),
                    ActivityPlan("Анализ урока наставляемой", D.LESSON_ORGANISATION, 35),
                ),
            ),
        ),
        PairPlan(
            M.VIRTUAL, F.TEACHER_TEACHER, ("Висаитова Раиса Умаровна",), ("Эльмурзаева Амина Рамзановна",), "120",
            agreement_content="Дистанционное сопровождение подготовки учащихся к ОГЭ и итоговому сочинению.",
            programme=ProgrammePlan(
                "Сочинение без страха: подготовка к ОГЭ по русскому языку",
                "Освоить критерии оценивания сочинения ОГЭ и методику работы с текстом; консультации в «Сферуме».",
                (D.SUBJECT_CONTENT, D.TEACHING_METHODS),
                "Литературный кружок наставляемой — площадка для тренировочных сочинений.",
                starts=-85, months=8, state=ProgrammeStatus.ACTIVE,
                activities=(
                    ActivityPlan("Онлайн-семинар «Критерии оценивания сочинения 13.3»", D.SUBJECT_CONTENT, -70,
                                 DONE, result="Проверено 10 тренировочных сочинений, расхождения обсуждены."),
                    ActivityPlan("Банк текстов для работы на уроках литературы", D.TEACHING_METHODS, 25,
                                 responsible=MENTEE),
                    ActivityPlan("Пробное сочинение в 9 классе и совместная проверка", D.SUBJECT_CONTENT, 60),
                ),
            ),
            release=("Прошу освободить меня от обязанностей наставника в связи с увеличением учебной нагрузки "
                     "(два 9-х класса, подготовка к ОГЭ).",
                     "Отказать: программа завершается в этом учебном году; консультации переносятся на субботу, "
                     "нагрузка наставника будет учтена при распределении часов."),
        ),
        PairPlan(
            M.TRADITIONAL, F.TEACHER_TEACHER, ("Эльмурзаева Зулай Вахаевна",), ("Магомадов Саид Хамзатович",), "93",
            agreement_content="Подготовка молодого учителя истории и обществознания к работе с 9 классом.",
            programme=ProgrammePlan(
                "ОГЭ по обществознанию и проекты 9 класса",
                "Освоить задания ОГЭ с развёрнутым ответом и руководство индивидуальными проектами.",
                (D.SUBJECT_CONTENT, D.LESSON_ORGANISATION),
                "Музейный уголок наставляемого — база для проектов учащихся.",
                starts=-95, months=9, state=ProgrammeStatus.ENDED_EARLY, finished=-25,
                end_reason=EarlyEndReason.MENTOR_INITIATIVE,
                end_note="Наставник ушла в отпуск по уходу за ребёнком (уважительная причина, §7.1); наставляемый "
                         "возвращён в банк наставляемых для подбора нового наставника.",
                activities=(
                    ActivityPlan("Разбор заданий ОГЭ с развёрнутым ответом", D.SUBJECT_CONTENT, -85, DONE,
                                 MENTEE, result="Разобраны задания 21–24 демоверсии."),
                    ActivityPlan("Темы и паспорта индивидуальных проектов 9 класса", D.LESSON_ORGANISATION, -50,
                                 DONE, MENTEE, result="Утверждены 12 тем проектов."),
                    ActivityPlan("Предзащита проектов", D.LESSON_ORGANISATION, 60, responsible=MENTEE),
                ),
            ),
        ),
    ),
)

# --- МБОУ «СОШ с. Ножай-Юрт» -----------------------------------------------------------------------

NOZHAY_YURT = SchoolPlan(
    curator="Арсанукаева Малика Хасановна",
    director="Бисултанов Руслан Ибрагимович",
    review_days_ago=60,
    review_notes="Пересмотр банка: молодые специалисты 2026 года включены; учитель физики ожидает наставника "
                 "через муниципальный банк наставников.",
    mentees=(
        MenteeEntry(
            "Тазуева Асет Хамзатовна", MC.YOUNG_SPECIALIST, "Лабораторные работы и исследовательские проекты.",
            "Ведёт школьный экологический отряд.",
            ((D.TEACHING_METHODS, "Организация лабораторных работ и исследовательской деятельности."),
             (D.LESSON_ORGANISATION, "Внеурочная деятельность естественнонаучной направленности.")),
        ),
        MenteeEntry(
            "Эльмурзаева Хеда Рамзановна", MC.YOUNG_SPECIALIST, "Подготовка к ОГЭ по биологии.",
            "Хорошая предметная подготовка, участвует в конкурсах.",
            ((D.SUBJECT_CONTENT, "Задания ОГЭ по биологии с развёрнутым ответом."),
             (D.TEACHING_METHODS, "Организация лабораторных работ с цифровым оборудованием.")),
        ),
        MenteeEntry(
            "Мусаева Камила Саидовна", MC.YOUNG_SPECIALIST, "Адаптация в коллективе, школьные традиции.",
            "Свободно говорит по-английски, стажировалась за рубежом.",
            ((D.UPBRINGING, "Школьные традиции, классное руководство."),
             (D.LESSON_ORGANISATION, "Планирование уроков в 5–7 классах.")),
        ),
        MenteeEntry(
            "Вахидова Асет Идрисовна", MC.YOUNG_SPECIALIST, "Адаптация в школе.", "Музыкальна, играет на пианино.",
            ((D.UPBRINGING, "Работа с родителями первоклассников."),),
        ),
        MenteeEntry(
            "Вахидова Луиза Аслановна", MC.YOUNG_SPECIALIST, "Первые шаги советника директора по воспитанию.",
            "Активистка «Движения первых».",
            ((D.UPBRINGING, "Календарный план воспитательной работы школы."),),
        ),
        MenteeEntry(
            "Дадаева Милана Исмаиловна", MC.YOUNG_SPECIALIST, "Методика обучения алгебре в 7–8 классах.",
            "Сильная предметная подготовка.",
            ((D.SUBJECT_CONTENT, "Функции и графики в 8 классе."),
             (D.TEACHING_METHODS, "Работа со слабоуспевающими учащимися.")),
        ),
        MenteeEntry(
            "Хасанов Апти Русланович", MC.YOUNG_SPECIALIST,
            "Единственный учитель физики в школе: нужен наставник-физик (муниципальный банк наставников).",
            "Увлекается робототехникой.",
            ((D.SUBJECT_CONTENT, "Решение расчётных задач ОГЭ по физике."),
             (D.TEACHING_METHODS, "Демонстрационный эксперимент и лабораторные работы.")),
        ),
        MenteeEntry(
            "Эльмурзаева Фатима Юсуповна", MC.YOUNG_SPECIALIST, "Подготовка к итоговому сочинению.",
            "Пишет стихи, ведёт школьную газету.",
            ((D.SUBJECT_CONTENT, "Итоговое сочинение в 11 классе: критерии."),),
        ),
    ),
    mentors=(
        MentorEntry(
            "Ибрагимова Лейла Ахмедовна", "Методика обучения алгебре и геометрии, работа со слабоуспевающими.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS), ("математика", "алгебра", "геометрия"), 2,
            (F.TEACHER_TEACHER,), (M.TRADITIONAL, M.VIRTUAL), "вторник и пятница после 14:00", cross_school=True,
            trainings=(Training(MENTORING_COURSE, IRO, 400, 36),),
        ),
        MentorEntry(
            "Кузнецова Ольга Викторовна", "Подготовка к ЕГЭ и итоговому сочинению; эксперт ЕГЭ.",
            (D.SUBJECT_CONTENT, D.TEACHING_METHODS), ("русский язык", "литература"), 3, (F.TEACHER_TEACHER,),
            (M.TRADITIONAL, M.GROUP, M.VIRTUAL), "онлайн по будням после 16:00", cross_school=True, exchange=True,
            publication=True,
            trainings=(Training("Эксперт ЕГЭ по русскому языку", "ГБУ «Центр оценки качества образования "
                                "Чеченской Республики»", 230, 24),),
        ),
        MentorEntry(
            "Юсупова Марха Султановна", "Коммуникативная методика, подготовка к ОГЭ по английскому языку.",
            (D.TEACHING_METHODS,), ("английский язык",), 2, (F.TEACHER_TEACHER,), (M.VIRTUAL, M.SITUATIONAL),
            "среда после 13:00",
        ),
        MentorEntry(
            "Алиев Шамиль Вахаевич", "Лабораторный практикум, цифровые лаборатории «Точка роста».",
            (D.TEACHING_METHODS, D.SUBJECT_CONTENT, D.LESSON_ORGANISATION), ("химия", "биология"), 2,
            (F.TEACHER_TEACHER,), (M.GROUP, M.TRADITIONAL), "четверг после 14:00",
        ),
        MentorEntry(
            "Бисултанов Руслан Ибрагимович", "Управление школой, школьные традиции, адаптация новых педагогов.",
            (D.UPBRINGING, D.LESSON_ORGANISATION), ("математика",), 3, (F.HEAD_TEACHER,),
            (M.SPEED, M.SITUATIONAL), "по записи у секретаря",
        ),
    ),
    appointments=(
        AppointmentOrder("142", -80, ("Алиев Шамиль Вахаевич", "Бисултанов Руслан Ибрагимович")),
        AppointmentOrder("181", -12, ("Ибрагимова Лейла Ахмедовна",)),
    ),
    pairs=(
        PairPlan(
            M.GROUP, F.TEACHER_TEACHER, ("Алиев Шамиль Вахаевич",),
            ("Тазуева Асет Хамзатовна", "Эльмурзаева Хеда Рамзановна"), "149",
            agreement_content="Групповое наставничество молодых учителей естественнонаучного цикла.",
            programme=ProgrammePlan(
                "Лабораторный практикум «Точки роста» для молодых учителей биологии",
                "Освоить цифровое лабораторное оборудование, лабораторные работы и подготовку к ОГЭ по биологии.",
                (D.TEACHING_METHODS, D.SUBJECT_CONTENT, D.LESSON_ORGANISATION),
                "Экологический отряд — площадка для исследовательских проектов.",
                starts=-65, months=8, state=ProgrammeStatus.ACTIVE,
                activities=(
                    ActivityPlan("Знакомство с оборудованием центра «Точка роста»", D.TEACHING_METHODS, -60, DONE,
                                 result="Проведены 3 пробные лабораторные работы."),
                    ActivityPlan("Разбор заданий ОГЭ по биологии с развёрнутым ответом", D.SUBJECT_CONTENT, -15,
                                 responsible="Эльмурзаева Хеда Рамзановна"),
                    ActivityPlan("Открытое занятие экологического отряда", D.LESSON_ORGANISATION, 50,
                                 responsible="Тазуева Асет Хамзатовна"),
                ),
            ),
        ),
        PairPlan(
            M.SPEED, F.HEAD_TEACHER, ("Бисултанов Руслан Ибрагимович",),
            ("Мусаева Камила Саидовна", "Вахидова Асет Идрисовна", "Вахидова Луиза Аслановна"), "150",
            agreement_content="Встреча директора с молодыми специалистами: школьные традиции и правила.",
            programme=ProgrammePlan(
                "«Школа глазами директора»: встреча с молодыми специалистами",
                "Познакомить молодых специалистов с традициями школы, её правилами и с тем, к кому обращаться.",
                (D.UPBRINGING,), "", starts=-64, months=3, state=ProgrammeStatus.COMPLETED, finished=-57,
                activities=(
                    ActivityPlan("Встреча с директором и экскурсия по школе", D.UPBRINGING, -60, DONE,
                                 result="Встреча проведена, молодые специалисты получили памятку и контакты."),
                ),
            ),
        ),
        PairPlan(
            M.TRADITIONAL, F.TEACHER_TEACHER, ("Ибрагимова Лейла Ахмедовна",), ("Дадаева Милана Исмаиловна",), "186",
            order_signed=False,
            agreement_content="",
            programme=ProgrammePlan(
                "Алгебра в 7–8 классах: методика для молодого учителя",
                "Освоить методику изучения функций и работы со слабоуспевающими учащимися.",
                (D.SUBJECT_CONTENT, D.TEACHING_METHODS), "", starts=14, months=9, state=ProgrammeStatus.DRAFT,
                activities=(
                    ActivityPlan("Диагностика затруднений", D.TEACHING_METHODS, 20),
                    ActivityPlan("Посещение уроков наставника по теме «Функции»", D.SUBJECT_CONTENT, 60,
                                 responsible=MENTEE),
                ),
            ),
        ),
    ),
)

SCHOOL_PLANS: dict[str, SchoolPlan] = {
    "meskety": MESKETY,
    "novy-zamay-yurt": NOVY_ZAMAY_YURT,
    "nozhay-yurt": NOZHAY_YURT,
}
