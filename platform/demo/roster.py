"""The demo district: its schools, their teaching staff and who of them has an account.

Everything here is fixed text or drawn from a random generator seeded with the
school's address, so every run describes the same district: the staff as of the
2026/2027 academic year. The people of order № 116/1 of 31.08.2022 of
МБОУ «ООШ с. Мескеты» are the order's own; the order gives only their initials,
so their first names and patronymics here are invented to match them.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from people.logins import person_login
from people.roles import DistrictRole, SchoolRole
from staff.models import QualificationCategory
from tenants.models import SchoolKind

# Printed by `seed_demo` for anyone trying the demo: not a secret.
DEMO_PASSWORD = "nastavnik2022"  # noqa: S105

DISTRICT_NAME = "Отдел образования Ножай-Юртовского муниципального района"
DISTRICT_SHORT_NAME = "Отдел образования Ножай-Юртовского района"

# The staff list describes the district as of the start of this academic year.
ROSTER_YEAR = 2026

R = SchoolRole
CAT = QualificationCategory


@dataclass(frozen=True)
class DemoStaff:
    """One staff member of one school; `login` is set when they have an account."""

    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date
    position: str
    subjects: tuple[str, ...]
    experience_years: int
    category: str
    hire_date: dt.date
    new_to_position: bool = False
    roles: tuple[SchoolRole, ...] = ()
    login: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """How a staff member is recognised again on the next run."""
        return (self.last_name, self.first_name, self.patronymic)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in self.key if part)


@dataclass(frozen=True)
class DemoSchool:
    slug: str
    full_name: str
    short_name: str
    kind: str
    locality: str
    # Who the school is registered with (school_register's first administrator).
    administrator_login: str
    staff: tuple[DemoStaff, ...]
    second_language_code: str = ""
    full_name_second_language: str = ""
    short_name_second_language: str = ""

    @property
    def accounts(self) -> tuple[DemoStaff, ...]:
        return tuple(member for member in self.staff if member.login)


@dataclass(frozen=True)
class DemoDistrictPerson:
    login: str
    last_name: str
    first_name: str
    patronymic: str
    role: DistrictRole


DISTRICT_PEOPLE = (
    DemoDistrictPerson("district", "Байсултанова", "Зарема", "Ахмедовна", DistrictRole.ADMIN),
    DemoDistrictPerson("analyst", "Висаитов", "Бислан", "Умарович", DistrictRole.ANALYST),
)

# --- Logins --------------------------------------------------------------------

# `people.logins.person_login`: «Адамова Хава Вис-Алиевна» → `adamova.khv`.


# --- Subjects and positions --------------------------------------------------------

PRIMARY = ("русский язык", "математика", "литературное чтение", "окружающий мир")
RUSSIAN = ("русский язык", "литература")
MATHS = ("математика", "алгебра", "геометрия")
CHECHEN = ("чеченский язык", "чеченская литература")
ENGLISH = ("английский язык",)
HISTORY = ("история", "обществознание")
PHYSICS = ("физика",)
INFORMATICS = ("информатика",)
PE = ("физическая культура",)

POSITION_SUBJECTS: dict[str, tuple[str, ...]] = {
    "учитель начальных классов": PRIMARY,
    "учитель русского языка и литературы": RUSSIAN,
    "учитель математики": MATHS,
    "учитель чеченского языка и литературы": CHECHEN,
    "учитель английского языка": ENGLISH,
    "учитель истории и обществознания": HISTORY,
    "учитель физики": PHYSICS,
    "учитель химии": ("химия",),
    "учитель биологии": ("биология",),
    "учитель географии": ("география",),
    "учитель информатики": INFORMATICS,
    "учитель физической культуры": PE,
    "учитель музыки": ("музыка",),
    "учитель изобразительного искусства": ("изобразительное искусство",),
    "учитель технологии": ("технология",),
    "преподаватель-организатор ОБЖ": ("основы безопасности жизнедеятельности",),
    "педагог-психолог": (),
    "социальный педагог": (),
    "педагог-библиотекарь": (),
    "учитель-логопед": (),
    "советник директора по воспитанию": (),
    "педагог дополнительного образования": ("дополнительное образование",),
}
# Positions held mostly by men, and almost only by women; the rest mostly by women, as in the district's schools.
MOSTLY_MEN = frozenset({
    "учитель физической культуры", "учитель технологии", "преподаватель-организатор ОБЖ", "учитель информатики",
})
ALMOST_ONLY_WOMEN = frozenset({"учитель начальных классов", "учитель-логопед", "педагог-библиотекарь"})


def _share_of_women(position: str) -> float:
    if position in MOSTLY_MEN:
        return 0.15
    return 0.95 if position in ALMOST_ONLY_WOMEN else 0.8


def _d(text: str) -> dt.date:
    """«14.03.1968» → a date: the roster is written the way Russian documents write dates."""
    day, month, year = (int(part) for part in text.split("."))
    return dt.date(year, month, day)


def _account(
    name: str, born: str, position: str, experience: int, category: str, hired: str,
    roles: tuple[SchoolRole, ...], *, subjects: tuple[str, ...] | None = None, new_to_position: bool = False,
) -> DemoStaff:
    last_name, first_name, patronymic = name.split(" ")
    return DemoStaff(
        last_name=last_name, first_name=first_name, patronymic=patronymic, birth_date=_d(born),
        position=position, subjects=POSITION_SUBJECTS.get(position, ()) if subjects is None else subjects,
        experience_years=experience, category=category, hire_date=_d(hired), new_to_position=new_to_position,
        roles=roles, login=person_login(last_name, first_name, patronymic),
    )


# --- The people with accounts, school by school ---------------------------------------

MESKETY_ACCOUNTS = (
    # Order № 116/1 of 31.08.2022: the director who signed it, the coordinator, the curator, the working group.
    _account("Эскиев Рамзан Хамидович", "14.03.1968", "директор", 33, CAT.HIGHEST, "25.08.1998",
             (R.DIRECTOR,), subjects=HISTORY),
    _account("Цугиева Марьям Руслановна", "02.06.1979", "заместитель директора по УВР", 22, CAT.HIGHEST,
             "01.09.2004", (R.COORDINATOR, R.WORKING_GROUP_HEAD, R.DEPUTY_DIRECTOR), subjects=RUSSIAN),
    _account("Эскиева Мадина Ризвановна", "19.11.1984", "заместитель директора по ВР, руководитель ШМО", 17,
             CAT.FIRST, "28.08.2009",
             (R.CURATOR, R.WORKING_GROUP_MEMBER, R.DEPUTY_DIRECTOR, R.METHODOLOGICAL_ASSOCIATION), subjects=MATHS),
    _account("Эскиев Адам Русланович", "27.01.1990", "заместитель директора по ИКТ", 11, CAT.FIRST, "01.09.2015",
             (R.WORKING_GROUP_MEMBER, R.DEPUTY_DIRECTOR, R.SYSADMIN), subjects=INFORMATICS),
    _account("Адамова Хава Вис-Алиевна", "08.05.1987", "учитель начальных классов", 14, CAT.FIRST, "27.08.2012",
             (R.WORKING_GROUP_MEMBER, R.TEACHER)),
    # Mentors and their mentees.
    _account("Мусаева Зарема Ахмедовна", "21.10.1972", "учитель математики", 29, CAT.HIGHEST, "30.08.1997",
             (R.MENTOR, R.TEACHER)),
    _account("Хасанова Луиза Саидовна", "03.02.1976", "учитель начальных классов", 25, CAT.HIGHEST, "28.08.2001",
             (R.MENTOR, R.TEACHER)),
    _account("Дадаев Хамзат Умарович", "16.07.1974", "учитель чеченского языка и литературы", 26, CAT.FIRST,
             "01.09.2000", (R.MENTOR, R.TEACHER)),
    _account("Закриева Седа Исмаиловна", "12.04.2001", "учитель математики", 1, CAT.NONE, "28.08.2025",
             (R.MENTEE, R.TEACHER)),
    _account("Умарова Элина Хасановна", "30.09.2002", "учитель начальных классов", 0, CAT.NONE, "27.08.2026",
             (R.MENTEE, R.TEACHER)),
    _account("Межидов Ибрагим Султанович", "03.12.2000", "учитель физической культуры", 3, CAT.NONE, "28.08.2023",
             (R.MENTEE, R.TEACHER)),
    # Twelve years in primary classes, now teaching English: new to the position.
    _account("Байсултанова Хеда Алиевна", "09.08.1986", "учитель английского языка", 12, CAT.FIRST, "29.08.2014",
             (R.MENTEE, R.TEACHER), new_to_position=True),
    _account("Гайрбекова Малика Юсуповна", "25.03.1991", "педагог-психолог", 9, CAT.FIRST, "01.09.2017",
             (R.PSYCHOLOGIST,)),
)

# Physics in two rural schools: one teacher, one login, a membership in each.
TWO_SCHOOL_TEACHER_NAME = "Исаев Магомед Хасанович"
_TWO_SCHOOL_TEACHER_BORN = "11.01.1981"

NOVY_ZAMAY_YURT_ACCOUNTS = (
    _account("Тагиров Хасан Ахмедович", "05.05.1970", "директор", 31, CAT.HIGHEST, "26.08.2003",
             (R.DIRECTOR,), subjects=("география",)),
    _account("Шахбиева Петимат Аслановна", "17.12.1980", "заместитель директора по УВР", 21, CAT.HIGHEST,
             "01.09.2006", (R.CURATOR, R.DEPUTY_DIRECTOR), subjects=RUSSIAN),
    _account("Ахмадов Тимур Исмаилович", "22.02.1992", "учитель информатики", 10, CAT.FIRST, "01.09.2016",
             (R.SYSADMIN, R.TEACHER)),
    _account(TWO_SCHOOL_TEACHER_NAME, _TWO_SCHOOL_TEACHER_BORN, "учитель физики", 19, CAT.FIRST, "29.08.2007",
             (R.MENTOR, R.TEACHER)),
    _account("Висаитова Раиса Умаровна", "08.09.1971", "учитель русского языка и литературы", 30, CAT.HIGHEST,
             "30.08.1996", (R.MENTOR, R.TEACHER)),
    _account("Зубайраева Хадижат Саидовна", "14.06.1978", "учитель начальных классов", 24, CAT.HIGHEST,
             "01.09.2002", (R.MENTOR, R.TEACHER)),
    _account("Эльмурзаева Амина Рамзановна", "19.01.2001", "учитель русского языка и литературы", 1, CAT.NONE,
             "28.08.2025", (R.MENTEE, R.TEACHER)),
    _account("Магомадов Саид Хамзатович", "07.11.1999", "учитель истории и обществознания", 3, CAT.NONE,
             "28.08.2023", (R.MENTEE, R.TEACHER)),
    _account("Сулейманова Айшат Руслановна", "26.04.2003", "учитель начальных классов", 0, CAT.NONE,
             "27.08.2026", (R.MENTEE, R.TEACHER)),
    _account("Абдулаева Зулай Магомедовна", "10.10.1988", "педагог-психолог", 12, CAT.FIRST, "28.08.2014",
             (R.PSYCHOLOGIST,)),
    _account("Махмудова Фатима Алиевна", "31.03.1983", "учитель чеченского языка и литературы", 19, CAT.FIRST,
             "01.09.2008", (R.TEACHER,)),
)

NOZHAY_YURT_ACCOUNTS = (
    _account("Бисултанов Руслан Ибрагимович", "12.08.1966", "директор", 36, CAT.HIGHEST, "25.08.1995",
             (R.DIRECTOR,), subjects=MATHS),
    _account("Арсанукаева Малика Хасановна", "04.04.1977", "заместитель директора по УВР", 24, CAT.HIGHEST,
             "29.08.2003", (R.CURATOR, R.DEPUTY_DIRECTOR), subjects=("биология",)),
    _account("Хамзатов Заур Алиевич", "18.09.1989", "учитель информатики", 13, CAT.FIRST, "01.09.2013",
             (R.SYSADMIN, R.TEACHER)),
    _account("Ибрагимова Лейла Ахмедовна", "27.02.1973", "учитель математики", 28, CAT.HIGHEST, "30.08.1998",
             (R.MENTOR, R.TEACHER)),
    _account("Кузнецова Ольга Викторовна", "15.11.1969", "учитель русского языка и литературы", 34, CAT.HIGHEST,
             "26.08.1996", (R.MENTOR, R.TEACHER)),
    _account("Юсупова Марха Султановна", "06.06.1982", "учитель английского языка", 20, CAT.FIRST, "01.09.2006",
             (R.MENTOR, R.TEACHER)),
    _account("Алиев Шамиль Вахаевич", "23.01.1975", "учитель химии", 27, CAT.HIGHEST, "28.08.2000",
             (R.MENTOR, R.TEACHER)),
    _account("Дадаева Милана Исмаиловна", "13.03.2002", "учитель математики", 1, CAT.NONE, "28.08.2025",
             (R.MENTEE, R.TEACHER)),
    # The school's only physics teacher, just out of university: a case for the district mentor exchange.
    _account("Хасанов Апти Русланович", "29.07.2000", "учитель физики", 2, CAT.NONE, "28.08.2024",
             (R.MENTEE, R.TEACHER)),
    _account("Мусаева Камила Саидовна", "02.10.2001", "учитель английского языка", 0, CAT.NONE, "27.08.2026",
             (R.MENTEE, R.TEACHER)),
    _account("Тазуева Асет Хамзатовна", "20.12.1998", "учитель биологии", 3, CAT.NONE, "28.08.2023",
             (R.MENTEE, R.TEACHER)),
    _account("Межидова Седа Умаровна", "11.05.1990", "педагог-психолог", 11, CAT.FIRST, "01.09.2015",
             (R.PSYCHOLOGIST,)),
    _account("Гайрбеков Юсуп Ахмедович", "09.02.1985", "учитель физической культуры", 17, CAT.FIRST, "29.08.2009",
             (R.TEACHER,)),
)

# The second school of the physics teacher: part-time there, a teacher only.
MESKETY_TWO_SCHOOL_TEACHER = _account(
    TWO_SCHOOL_TEACHER_NAME, _TWO_SCHOOL_TEACHER_BORN, "учитель физики (совместитель)", 19, CAT.FIRST,
    "01.09.2021", (R.TEACHER,), subjects=PHYSICS,
)

# --- Everyone else on the staff: generated, the same on every run --------------------------

SURNAMES = (
    "Абдулаев", "Ахмадов", "Алиев", "Арсанукаев", "Байсултанов", "Бисултанов", "Висаитов", "Гайрбеков",
    "Дадаев", "Закриев", "Зубайраев", "Ибрагимов", "Идрисов", "Исаев", "Магомадов", "Махмудов", "Межидов",
    "Мусаев", "Сулейманов", "Тагиров", "Тазуев", "Умаров", "Хамзатов", "Хасанов", "Шахбиев", "Эльмурзаев",
    "Юсупов", "Эскиев", "Цугиев", "Адамов", "Вахидов", "Джамалдаев", "Ирисханов", "Муцаев", "Саидов",
)
MALE_NAMES = (
    "Адам", "Ахмед", "Аслан", "Алихан", "Апти", "Бислан", "Ваха", "Заур", "Зелимхан", "Ибрагим", "Ислам",
    "Исмаил", "Магомед", "Муса", "Рамзан", "Ризван", "Руслан", "Саид", "Сулейман", "Тимур", "Умар", "Хасан",
    "Хамзат", "Шамиль", "Юсуп",
)
FEMALE_NAMES = (
    "Айшат", "Амина", "Аминат", "Асет", "Зарема", "Залина", "Зулай", "Камила", "Лейла", "Луиза", "Мадина",
    "Малика", "Марха", "Марьям", "Милана", "Петимат", "Раиса", "Седа", "Фатима", "Хава", "Хадижат", "Хеда",
    "Элина", "Яха",
)
# A father's name, as the patronymic of a son and of a daughter.
PATRONYMICS = (
    ("Ахмедович", "Ахмедовна"), ("Хасанович", "Хасановна"), ("Русланович", "Руслановна"),
    ("Рамзанович", "Рамзановна"), ("Умарович", "Умаровна"), ("Саидович", "Саидовна"),
    ("Магомедович", "Магомедовна"), ("Мусаевич", "Мусаевна"), ("Исмаилович", "Исмаиловна"),
    ("Алиевич", "Алиевна"), ("Вахаевич", "Вахаевна"), ("Султанович", "Султановна"),
    ("Хамзатович", "Хамзатовна"), ("Ибрагимович", "Ибрагимовна"), ("Юсупович", "Юсуповна"),
    ("Салманович", "Салмановна"), ("Асланович", "Аслановна"), ("Идрисович", "Идрисовна"),
)
# A few teachers of the district come from elsewhere in Russia.
RUSSIAN_SURNAMES = ("Иванов", "Кузнецов", "Соколов", "Попов", "Смирнов", "Волков")
RUSSIAN_MALE_NAMES = ("Сергей", "Алексей", "Андрей", "Николай")
RUSSIAN_FEMALE_NAMES = ("Ольга", "Наталья", "Елена", "Татьяна", "Светлана", "Ирина")
RUSSIAN_PATRONYMICS = (
    ("Викторович", "Викторовна"), ("Петрович", "Петровна"), ("Николаевич", "Николаевна"),
    ("Александрович", "Александровна"),
)

OOSH_POSITIONS = {
    "учитель начальных классов": 4, "учитель русского языка и литературы": 2, "учитель математики": 1,
    "учитель чеченского языка и литературы": 1, "учитель английского языка": 1,
    "учитель истории и обществознания": 1, "учитель биологии": 1, "учитель химии": 1, "учитель географии": 1,
    "учитель физической культуры": 1, "учитель музыки": 1, "учитель изобразительного искусства": 1,
    "учитель технологии": 1, "преподаватель-организатор ОБЖ": 1, "социальный педагог": 1,
    "педагог-библиотекарь": 1, "учитель-логопед": 1, "советник директора по воспитанию": 1,
}
SOSH_POSITIONS = {
    "учитель начальных классов": 7, "учитель русского языка и литературы": 3,
    "учитель математики": 3, "учитель чеченского языка и литературы": 2, "учитель английского языка": 2,
    "учитель истории и обществознания": 2, "учитель биологии": 1, "учитель химии": 1, "учитель географии": 1,
    "учитель физической культуры": 2, "учитель музыки": 1, "учитель изобразительного искусства": 1,
    "учитель технологии": 1, "преподаватель-организатор ОБЖ": 1, "социальный педагог": 1,
    "педагог-библиотекарь": 1, "учитель-логопед": 1, "советник директора по воспитанию": 1,
    "педагог дополнительного образования": 1,
}


def _generated_staff(slug: str, positions: dict[str, int], taken: set[tuple[str, str, str]]) -> list[DemoStaff]:
    """The rest of a school's staff, drawn from a generator seeded with the school's address.

    Roughly one in seven is a young specialist (22–30 years old, up to 3 years of teaching),
    an occasional one is new to the position after years in another; the rest are
    mid-career and veteran teachers with categories to match.
    """
    rng = random.Random(f"seed_demo:{slug}")  # noqa: S311 — demo data, not security
    staff = []
    for position, count in positions.items():
        for _index in range(count):
            woman = rng.random() < _share_of_women(position)
            surnames: tuple[str, ...]
            names: tuple[str, ...]
            patronymics: tuple[tuple[str, str], ...]
            while True:
                if rng.random() < 0.08:
                    surnames, names, patronymics = RUSSIAN_SURNAMES, (
                        RUSSIAN_FEMALE_NAMES if woman else RUSSIAN_MALE_NAMES), RUSSIAN_PATRONYMICS
                else:
                    surnames, names, patronymics = SURNAMES, FEMALE_NAMES if woman else MALE_NAMES, PATRONYMICS
                last_name = rng.choice(surnames) + ("а" if woman else "")
                first_name = rng.choice(names)
                patronymic = rng.choice(patronymics)[1 if woman else 0]
                # A son is seldom named after his father: «Муса Мусаевич» would look made up.
                if (last_name, first_name, patronymic) not in taken and not patronymic.startswith(first_name):
                    break
            taken.add((last_name, first_name, patronymic))

            profile = rng.random()
            new_to_position = False
            if profile < 0.15:  # young specialist
                experience = rng.randint(0, 3)
                age = rng.randint(22 + experience, 30)
                category = CAT.NONE
            elif profile < 0.2:  # years of teaching behind, new to this position
                experience = rng.randint(5, 15)
                age = rng.randint(28 + experience // 2, 30 + experience)
                category = rng.choice((CAT.CONFORMITY, CAT.FIRST))
                new_to_position = True
            elif profile < 0.6:  # mid-career
                experience = rng.randint(5, 15)
                age = rng.randint(23 + experience, 28 + experience)
                category = rng.choice((CAT.CONFORMITY, CAT.FIRST, CAT.FIRST))
            else:  # veteran
                experience = rng.randint(16, 38)
                age = rng.randint(22 + experience, min(27 + experience, 64))
                category = rng.choice((CAT.FIRST, CAT.HIGHEST, CAT.HIGHEST))
            birth_date = dt.date(ROSTER_YEAR - age, rng.randint(1, 12), rng.randint(1, 28))
            if new_to_position:
                hire_year = ROSTER_YEAR - rng.randint(0, 1)
            else:
                # Young specialists came straight from university; the others some years ago.
                hire_year = ROSTER_YEAR - (experience if profile < 0.15 else rng.randint(1, experience))
            hire_date = dt.date(hire_year, 8, rng.randint(25, 31)) if hire_year < ROSTER_YEAR else dt.date(
                ROSTER_YEAR, 8, 27)
            staff.append(DemoStaff(
                last_name=last_name, first_name=first_name, patronymic=patronymic, birth_date=birth_date,
                position=position, subjects=POSITION_SUBJECTS.get(position, ()), experience_years=experience,
                category=category, hire_date=hire_date, new_to_position=new_to_position,
            ))
    return staff


def _school_staff(slug: str, accounts: tuple[DemoStaff, ...], positions: dict[str, int],
                  taken: set[tuple[str, str, str]]) -> tuple[DemoStaff, ...]:
    return accounts + tuple(_generated_staff(slug, positions, taken))


@functools.cache
def demo_schools() -> tuple[DemoSchool, ...]:
    """The demo district's schools, each with its whole staff."""
    # One set for the district: no generated name repeats a name used anywhere else.
    taken: set[tuple[str, str, str]] = {(p.last_name, p.first_name, p.patronymic) for p in DISTRICT_PEOPLE}
    for accounts in (MESKETY_ACCOUNTS, NOVY_ZAMAY_YURT_ACCOUNTS, NOZHAY_YURT_ACCOUNTS):
        taken.update(member.key for member in accounts)
    schools = (
        DemoSchool(
            slug="meskety",
            full_name="Муниципальное бюджетное общеобразовательное учреждение "
                      "«Основная общеобразовательная школа с. Мескеты»",
            short_name="МБОУ «ООШ с. Мескеты»",
            kind=SchoolKind.OOSH,
            locality="с. Мескеты",
            second_language_code="ce",
            full_name_second_language="Муниципальни бюджетни юкъарадешаран учреждени "
                                      "«МЕСКИТА-ЮЬРТАН КОЪРТА ЮКЪАРАДЕШАРАН ШКОЛА»",
            short_name_second_language="МБЮУ «Мескита-юьртан КЮШ»",
            administrator_login=person_login("Эскиев", "Адам", "Русланович"),
            staff=_school_staff("meskety", (*MESKETY_ACCOUNTS, MESKETY_TWO_SCHOOL_TEACHER), OOSH_POSITIONS, taken),
        ),
        DemoSchool(
            slug="novy-zamay-yurt",
            full_name="Муниципальное бюджетное общеобразовательное учреждение "
                      "«Основная общеобразовательная школа с. Новый-Замай-Юрт»",
            short_name="МБОУ «ООШ с. Новый-Замай-Юрт»",
            kind=SchoolKind.OOSH,
            locality="с. Новый-Замай-Юрт",
            administrator_login=person_login("Ахмадов", "Тимур", "Исмаилович"),
            staff=_school_staff("novy-zamay-yurt", NOVY_ZAMAY_YURT_ACCOUNTS, OOSH_POSITIONS, taken),
        ),
        DemoSchool(
            slug="nozhay-yurt",
            full_name="Муниципальное бюджетное общеобразовательное учреждение "
                      "«Средняя общеобразовательная школа с. Ножай-Юрт»",
            short_name="МБОУ «СОШ с. Ножай-Юрт»",
            kind=SchoolKind.SOSH,
            locality="с. Ножай-Юрт",
            administrator_login=person_login("Хамзатов", "Заур", "Алиевич"),
            staff=_school_staff("nozhay-yurt", NOZHAY_YURT_ACCOUNTS, SOSH_POSITIONS, taken),
        ),
    )
    _check_logins(schools)
    return schools


def _check_logins(schools: tuple[DemoSchool, ...]) -> None:
    """Two different people must never share a login (a person may appear in two schools)."""
    owners: dict[str, tuple[str, str, str]] = {p.login: (p.last_name, p.first_name, p.patronymic)
                                               for p in DISTRICT_PEOPLE}
    for school in schools:
        for member in school.accounts:
            if owners.setdefault(member.login, member.key) != member.key:
                raise ValueError(f"Demo login {member.login} would belong to two people")
        if school.administrator_login not in {member.login for member in school.accounts}:
            raise ValueError(f"{school.slug}: the first administrator is not on the staff")
