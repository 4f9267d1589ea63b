"""Printable consent forms (бланки согласий) as PDF, pre-filled with the school and the person.

The wording is Russian legal text, whatever the interface language:
- the processing consents follow 152-ФЗ art. 9 part 4 (the subject and the operator, the
  purpose, the list of data, the actions, the period, how to withdraw) and, for publication
  on the website, art. 10.1 (data allowed for dissemination);
- the mentor's consent to the appointment follows Labour Code art. 351.8 and regulation §3.2;
- a pair participant's consent to additional duties follows regulation §3.3.
"""

from __future__ import annotations

from dataclasses import dataclass

from consents.models import ConsentPurpose
from district.selectors import district_settings
from reports.pdf import Addressee, Block, FillLine, Items, Para, Signature, Space, official_document
from staff.models import StaffMember
from staff.signers import staff_short_name
from tenants.models import School

_ACTIONS = (
    "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
    "использование, передача (предоставление, доступ), обезличивание, блокирование, удаление, уничтожение "
    "персональных данных, с использованием средств автоматизации и без их использования"
)
_WITHDRAWAL = (
    "Настоящее согласие может быть отозвано мною в любое время на основании письменного заявления, поданного "
    "оператору. Отзыв вступает в силу со дня его получения оператором; оператор прекращает обработку "
    "персональных данных и уничтожает их в срок, не превышающий десяти рабочих дней с даты получения отзыва, "
    "если иное не предусмотрено федеральным законом (часть 5 статьи 21 Федерального закона № 152-ФЗ). "
    "Мне известно, что после отзыва согласия сведения обо мне не используются в целях, указанных выше."
)


@dataclass(frozen=True)
class _Processing:
    heading: str
    purpose: str
    data: str
    transfer: str
    period: str
    law: str = "статьёй 9"


def _processing(purpose: str, school: School, district: str) -> _Processing:
    short = school.short_name
    if purpose == ConsentPurpose.PROCESSING_EXCHANGE:
        return _Processing(
            heading="на обработку персональных данных для включения в районный банк наставников",
            purpose=(f"включение в районный банк (обмен) наставников, который ведёт {district}, для подбора "
                     "наставнических пар и групп с педагогическими работниками других образовательных "
                     "организаций района, в том числе в дистанционной форме"),
            data=("фамилия, имя, отчество; наименование образовательной организации; должность; преподаваемые "
                  "предметы; педагогический стаж; квалификационная категория; направления и компетенции "
                  "наставнической деятельности; число наставляемых, которых я готов(а) принять; предпочитаемые "
                  "формы наставничества"),
            transfer=(f"доступ к указанным сведениям предоставляется кураторам наставничества образовательных "
                      f"организаций района и специалистам ({district}) в объёме, необходимом для подбора "
                      "наставника"),
            period="до окончания участия в районном банке наставников либо до отзыва настоящего согласия",
        )
    if purpose == ConsentPurpose.PUBLICATION:
        return _Processing(
            heading="на обработку персональных данных, разрешённых для распространения",
            purpose=(f"размещение сведений о моём участии в системе наставничества в специальном разделе "
                     f"«Наставничество» официального сайта {short} (пункт 8.1 Положения о системе "
                     "наставничества); результаты персонализированных программ публикуются после их завершения "
                     "(пункт 8.2)"),
            data=("фамилия, имя, отчество; должность; преподаваемые предметы; роль в системе наставничества "
                  "(наставник, наставляемый); сведения о завершённых программах наставничества и их результатах; "
                  "фотография (если предоставлена мною)"),
            transfer=("сведения становятся доступны неограниченному кругу лиц; условия и запреты на их "
                      "дальнейшую обработку: ______________________________ (не установлены, если не указаны)"),
            period="на период участия в системе наставничества либо до отзыва настоящего согласия",
            law="статьями 9 и 10.1",
        )
    return _Processing(
        heading="на обработку персональных данных",
        purpose=(f"организация и реализация системы (целевой модели) наставничества педагогических работников "
                 f"в {short}: ведение банков наставников и наставляемых, формирование наставнических пар и групп, "
                 "разработка и реализация персонализированных программ наставничества, мониторинг, подготовка "
                 "отчётов, в том числе в формах статистического наблюдения"),
        data=("фамилия, имя, отчество; дата рождения; должность; преподаваемые предметы; педагогический стаж; "
              "квалификационная категория; дата приёма на работу; контактный телефон и адрес электронной почты; "
              "профессиональные запросы и затруднения; результаты анкетирования; сведения об участии в "
              "программах наставничества и их результатах"),
        transfer=f"передача в {district} — только в обезличенном (обобщённом) виде для статистики района",
        period="на период работы в образовательной организации и участия в системе наставничества либо до отзыва "
               "настоящего согласия",
    )


def consent_form_pdf(
    *, school: School, staff: StaffMember, purpose: ConsentPurpose | str, director: StaffMember | None = None
) -> bytes:
    """A blank consent for `purpose`, with the school, its director and the person filled in."""
    district = district_settings().name
    addressee = Addressee([
        f"Директору {school.short_name}",
        staff_short_name(director) if director else "____________________",
        f"от {staff.full_name},",
        staff.position,
    ])
    me = f"Я, {staff.full_name}, {staff.position}" if staff.position else f"Я, {staff.full_name}"
    signature: list[Block] = [
        Space(6),
        Signature(position="«___» ___________ 20___ г.", name=staff_short_name(staff), note="(подпись)"),
    ]
    if purpose in (ConsentPurpose.MENTOR_APPOINTMENT, ConsentPurpose.EXTRA_DUTIES):
        heading, body = _labour(purpose, school, me)
        return official_document(school=school, title="СОГЛАСИЕ", heading=heading, locality="",
                                 blocks=[addressee, *body, *signature], author=staff.full_name)
    terms = _processing(purpose, school, district)
    place = f", {school.locality}" if school.locality else ""
    blocks: list[Block] = [
        addressee,
        Para(f"{me}, (далее — субъект персональных данных),"),
        FillLine("документ, удостоверяющий личность:", hint="(вид, серия, номер, кем и когда выдан)"),
        FillLine("зарегистрированный(ая) по адресу:", hint="(адрес регистрации)"),
        Space(2),
        Para(f"в соответствии с {terms.law} Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» "
             f"свободно, своей волей и в своём интересе даю согласие оператору — {school.full_name}{place} — "
             "на обработку моих персональных данных на следующих условиях:", indent=False),
        Items([
            f"Цель обработки: {terms.purpose}.",
            f"Перечень персональных данных: {terms.data}.",
            f"Перечень действий с персональными данными: {_ACTIONS}; {terms.transfer}.",
            f"Срок действия согласия: со дня его подписания {terms.period}.",
            _WITHDRAWAL,
        ]),
        *signature,
    ]
    return official_document(school=school, title="СОГЛАСИЕ", heading=terms.heading, locality="",
                             blocks=blocks, author=staff.full_name)


def _labour(purpose: str, school: School, me: str) -> tuple[str, list[Block]]:
    regulation = f"Положения о системе наставничества педагогических работников {school.short_name}"
    if purpose == ConsentPurpose.MENTOR_APPOINTMENT:
        return "на назначение наставником", [
            Para(f"{me}, в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации и пунктом 3.2 "
                 f"{regulation} даю согласие на назначение меня наставником педагогического работника "
                 "(педагогических работников):"),
            FillLine("", hint="(фамилия, имя, отчество наставляемого, должность)"),
            FillLine("на срок", hint="(от 3 месяцев до 1 года — срок персонализированной программы наставничества)"),
            Space(2),
            Para("Мне известно, что наставническая деятельность осуществляется на основании соглашения, в котором "
                 "определяются её содержание, срок, форма выполнения и размер оплаты (статья 351.8 Трудового "
                 "кодекса Российской Федерации), и что я вправе обратиться к куратору и руководителю "
                 "образовательной организации с просьбой о сложении с меня обязанностей наставника (пункт 4.1 "
                 "Положения)."),
        ]
    return "на возложение дополнительных обязанностей, связанных с наставнической деятельностью", [
        Para(f"{me}, в соответствии с пунктом 3.3 {regulation} даю согласие на включение меня в наставническую "
             "пару (группу) в качестве"),
        FillLine("", hint="(наставника / наставляемого)"),
        Space(2),
        Para("и на возложение на меня дополнительных обязанностей, связанных с наставнической деятельностью: "
             "участие в разработке и реализации персонализированной программы наставничества, выполнение "
             "мероприятий её плана в установленные сроки, участие в мониторинге (анкетировании) и итоговых "
             "мероприятиях.", indent=False),
        Para("Мне известно, что программа наставничества может быть завершена досрочно по инициативе наставника "
             "или наставляемого по уважительным обстоятельствам (пункт 7.1 Положения), а наставляемый вправе "
             "ходатайствовать о замене наставника (пункт 5.1 Положения)."),
    ]
