"""The district's three standard questionnaires (типовые анкеты мониторинга), in Russian as schools use them.

Roadmap stage 6 of the regulation: «Проведение мониторинга качества реализации персонализированных
программ наставничества (анкетирование)».
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_templates.models import Audience, QuestionKind
from survey_templates.questions import QuestionInput

S, ONE, MANY, TEXT = QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT
FORMS = ("Индивидуальные встречи", "Посещение уроков наставника", "Посещение моих уроков наставником",
         "Совместная подготовка уроков", "Консультации онлайн", "Методические материалы")


@dataclass(frozen=True)
class StandardQuestionnaire:
    key: str
    title: str
    description: str
    audience: str
    questions: tuple[QuestionInput, ...]


STANDARD: tuple[StandardQuestionnaire, ...] = (
    StandardQuestionnaire(
        key="mentee_satisfaction",
        title="Анкета удовлетворённости наставляемого",
        description="Мониторинг качества реализации персонализированной программы наставничества: "
                    "оценка наставляемым педагогом работы в паре (группе).",
        audience=Audience.MENTEES,
        questions=(
            QuestionInput("Оцените по шкале от 1 до 5 полезность встреч с наставником", S),
            QuestionInput("Оцените по шкале от 1 до 5, насколько программа помогла преодолеть ваши "
                          "профессиональные затруднения", S),
            QuestionInput("Оцените по шкале от 1 до 5 доступность наставника, когда вам нужна была помощь", S),
            QuestionInput("Оцените по шкале от 1 до 5 психологический комфорт общения с наставником", S),
            QuestionInput("Как часто проходили встречи с наставником?", ONE,
                          options=("Чаще одного раза в неделю", "Раз в неделю", "Раз в две недели",
                                   "Раз в месяц", "Реже одного раза в месяц")),
            QuestionInput("Какие формы работы были для вас наиболее полезными?", MANY, options=FORMS),
            QuestionInput("Хотели бы вы продолжить работу с наставником?", ONE,
                          options=("Да", "Скорее да", "Скорее нет", "Нет")),
            QuestionInput("Что бы вы предложили изменить в программе наставничества?", TEXT, required=False),
        ),
    ),
    StandardQuestionnaire(
        key="mentor_satisfaction",
        title="Анкета удовлетворённости наставника",
        description="Мониторинг качества реализации персонализированной программы наставничества: "
                    "оценка наставником работы в паре (группе) и условий, созданных школой.",
        audience=Audience.MENTORS,
        questions=(
            QuestionInput("Оцените по шкале от 1 до 5 результативность работы с наставляемым", S),
            QuestionInput("Оцените по шкале от 1 до 5 включённость наставляемого в работу", S),
            QuestionInput("Оцените по шкале от 1 до 5 поддержку куратора и администрации школы", S),
            QuestionInput("Оцените по шкале от 1 до 5 достаточность методических материалов для наставника", S),
            QuestionInput("Удалось ли выполнить план мероприятий программы?", ONE,
                          options=("Полностью", "Большей частью", "Частично", "Не удалось")),
            QuestionInput("Какие формы работы вы использовали?", MANY, options=FORMS),
            QuestionInput("Готовы ли вы стать наставником снова?", ONE,
                          options=("Да", "Скорее да", "Скорее нет", "Нет")),
            QuestionInput("Какая помощь нужна вам как наставнику?", TEXT, required=False),
        ),
    ),
    StandardQuestionnaire(
        key="curator_assessment",
        title="Оценка куратором реализации системы наставничества",
        description="Итоговая оценка куратором реализации Положения о системе наставничества "
                    "педагогических работников в образовательной организации за учебный год.",
        audience=Audience.CURATOR,
        questions=(
            QuestionInput("Оцените по шкале от 1 до 5 выполнение Дорожной карты за учебный год", S),
            QuestionInput("Оцените по шкале от 1 до 5 качество персонализированных программ наставничества", S),
            QuestionInput("Оцените по шкале от 1 до 5 вовлечённость педагогов в наставничество", S),
            QuestionInput("Оцените по шкале от 1 до 5 информационное сопровождение на сайте школы", S),
            QuestionInput("Какие формы наставничества применялись в школе?", MANY,
                          options=("«Учитель – учитель»", "«Руководитель ОО – учитель»", "Групповое",
                                   "Виртуальное (дистанционное)", "Реверсивное", "Ситуационное", "Скоростное")),
            QuestionInput("Каковы основные трудности реализации системы наставничества?", MANY,
                          options=("Нехватка времени у наставников", "Недостаток наставников нужного профиля",
                                   "Недостаточная мотивация участников", "Недостаток методических материалов",
                                   "Другое")),
            QuestionInput("Лучшие практики наставничества этого года", TEXT, required=False),
            QuestionInput("Предложения по развитию системы наставничества на следующий учебный год", TEXT),
        ),
    ),
)
