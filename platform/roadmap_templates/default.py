"""The default roadmap: the seven stages of Приложение 2 to the regulation (the seed's «Дорожная карта»).

The texts are the seed's own (Russian: they are the document's content, not interface strings).
Timing: a calendar month of the academic year, or None for «в течение года». The seed gives no
timing for stages 6 and 7; the completion activities are placed at the end of the year (April–June)
and the information support throughout it. The responsible roles follow the seed's column
«Ответственный» (stages 6 and 7 leave it empty: the curator and the system administrator, who keeps
the school website, are named here).
"""

from __future__ import annotations

from dataclasses import dataclass

from people.roles import SchoolRole as R

DEFAULT_NAME = "Дорожная карта (план мероприятий) по реализации Положения о системе наставничества"

AUGUST, SEPTEMBER, APRIL, MAY, JUNE = 8, 9, 4, 5, 6
WHOLE_YEAR = None


@dataclass(frozen=True)
class DefaultItem:
    title: str
    month: int | None
    role: R
    description: str = ""


@dataclass(frozen=True)
class DefaultStage:
    title: str
    items: tuple[DefaultItem, ...]


DEFAULT_STAGES: tuple[DefaultStage, ...] = (
    DefaultStage("Подготовка условий для реализации системы наставничества", (
        DefaultItem("Приказ «Об утверждении положения о системе наставничества педагогических работников "
                    "в образовательной организации»", AUGUST, R.DIRECTOR,
                    "Подготовка и принятие локальных нормативных правовых актов образовательной организации."),
        DefaultItem("Дорожная карта (план мероприятий) по реализации Положения о системе наставничества "
                    "педагогических работников", AUGUST, R.DIRECTOR),
        DefaultItem("Приказ(ы) о закреплении наставнических пар/групп с письменного согласия их участников на "
                    "возложение на них дополнительных обязанностей, связанных с наставнической деятельностью",
                    AUGUST, R.DIRECTOR),
        DefaultItem("Подготовка персонализированных программ наставничества — при наличии в организации "
                    "наставляемых", AUGUST, R.DEPUTY_DIRECTOR),
    )),
    DefaultStage("Формирование банка наставляемых", (
        DefaultItem("Сбор информации о профессиональных запросах педагогов", AUGUST, R.CURATOR),
        DefaultItem("Формирование банка данных наставляемых, обеспечение согласий на сбор и обработку "
                    "персональных данных", AUGUST, R.CURATOR),
    )),
    DefaultStage("Формирование банка наставников", (
        DefaultItem("Проведение анкетирования среди потенциальных наставников в образовательной организации, "
                    "желающих принять участие в персонализированных программах наставничества", SEPTEMBER,
                    R.CURATOR),
        DefaultItem("Формирование банка данных наставников, обеспечение согласий на сбор и обработку "
                    "персональных данных", SEPTEMBER, R.CURATOR),
    )),
    DefaultStage("Отбор и обучение", (
        DefaultItem("Анализ банка наставников и выбор подходящих для конкретной персонализированной программы "
                    "наставничества педагога/группы педагогов", SEPTEMBER, R.WORKING_GROUP_HEAD),
        DefaultItem("Обучение наставников для работы с наставляемыми: подготовка методических материалов для "
                    "сопровождения наставнической деятельности", WHOLE_YEAR, R.WORKING_GROUP_HEAD),
        DefaultItem("Проведение консультаций, организация обмена опытом среди наставников — «установочные "
                    "сессии» наставников", WHOLE_YEAR, R.WORKING_GROUP_HEAD),
    )),
    DefaultStage("Организация и осуществление работы наставнических пар/групп", (
        DefaultItem("Формирование наставнических пар/групп", WHOLE_YEAR, R.CURATOR),
        DefaultItem("Разработка персонализированных программ наставничества для каждой пары/группы", WHOLE_YEAR,
                    R.CURATOR),
        DefaultItem("Организация психолого-педагогической поддержки сопровождения наставляемых, не сформировавших "
                    "пару или группу (при необходимости), продолжение поиска наставника/наставников", WHOLE_YEAR,
                    R.PSYCHOLOGIST),
    )),
    DefaultStage("Завершение персонализированных программ наставничества", (
        DefaultItem("Проведение мониторинга качества реализации персонализированных программ наставничества "
                    "(анкетирование)", APRIL, R.CURATOR),
        DefaultItem("Проведение школьной конференции или семинара", MAY, R.WORKING_GROUP_HEAD),
        DefaultItem("Проведение итогового мероприятия (круглого стола) по выявлению лучших практик наставничества",
                    MAY, R.CURATOR),
        DefaultItem("Пополнение методической копилки педагогических практик наставничества", JUNE,
                    R.METHODOLOGICAL_ASSOCIATION),
    )),
    DefaultStage("Информационная поддержка системы наставничества", (
        DefaultItem("Освещение мероприятий Дорожной карты на всех этапах на сайте ОО и в социальных сетях",
                    WHOLE_YEAR, R.SYSADMIN),
    )),
)
