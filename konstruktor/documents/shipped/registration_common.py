"""What the three registration packages share: questions and the documents outside the charter.

The text follows FACTS.md §2–§4: the package for Минюст under 7-ФЗ ст. 13.1 / 82-ФЗ ст. 21,
Р11001 by the form version in parameters, the address documents of §2.7, the duty of §2.5.
"""

from konstruktor.documents.reference import DELEGABLE_COMPETENCE, EXCLUSIVE_COMPETENCE
from konstruktor.documents.shipped.dsl import (
    Blank,
    Block,
    Bullet,
    Center,
    DocSpec,
    Fields,
    For,
    Heading,
    If,
    Left,
    Note,
    P,
    Right,
    Signature,
    SubHeading,
    Table,
    Title,
    flatten,
)
from konstruktor.documents.shipped.spec import ACTIVITY_AREAS, Q, S

REGISTRATION_RULES = [
    "F1", "F2", "F4", "F5",
    "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8",
    "P1", "P2", "P3",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
    "A1", "A2", "A4",
    "D1", "AD1", "T1",
]  # fmt: skip

# --- questions -----------------------------------------------------------------------------------


def name_questions(example: str) -> list[Q]:
    return [
        Q(
            "full_name",
            "text",
            "Полное наименование",
            help=f"Организационно-правовая форма, характер деятельности и название в кавычках, например: {example}. "
            "Только кириллица.",
            basis="ГК РФ ст. 54 п. 1; 7-ФЗ ст. 4",
        ),
        Q(
            "short_name",
            "text",
            "Сокращённое наименование (при наличии)",
            required=False,
            help="Например: АНО «Серебряный возраст».",
            basis="7-ФЗ ст. 4 п. 1",
        ),
        Q(
            "name_special",
            "multichoice",
            "Что ещё использует наименование",
            required=False,
            choices=[
                ("person_name", "имя гражданина"),
                ("trademark", "товарный знак или иной охраняемый символ"),
                ("other_entity", "полное наименование другой организации"),
                ("russia_words", "слова «Россия», «российский», «федеральный»"),
            ],
            help="Отметьте, если относится: для этого нужен документ о праве на использование.",
            basis="7-ФЗ ст. 4 п. 1, ст. 13.1",
        ),
        Q(
            "name_rights_document",
            "text",
            "Документ о праве на использование (согласие, лицензионный договор, разрешение)",
            required=False,
            condition="filled(name_special)",
            help="Например: согласие Ивановой А. П. от 01.03.2026.",
            basis="7-ФЗ ст. 13.1",
        ),
        Q(
            "location",
            "text",
            "Место нахождения (населённый пункт)",
            help="Только населённый пункт или муниципальное образование, например «г. Пермь». Полный адрес — на "
            "шаге «Адрес».",
            basis="ГК РФ ст. 54 п. 2",
        ),
    ]


def purpose_questions() -> list[Q]:
    return [
        Q(
            "goals",
            "textarea",
            "Цели деятельности",
            help="По одной цели в строке, например: «социальная поддержка и защита граждан пожилого возраста».",
            basis="ГК РФ ст. 52; 7-ФЗ ст. 14 п. 3",
        ),
        Q(
            "activities",
            "textarea",
            "Виды деятельности для достижения целей",
            help="По одному виду в строке; каждый вид должен служить целям. Например: «оказание социально-бытовых "
            "услуг на дому».",
            basis="7-ФЗ ст. 14 п. 3, ст. 24",
        ),
        Q(
            "income_activities",
            "textarea",
            "Приносящая доход деятельность (если будет)",
            required=False,
            help="Только та, что служит целям, например «проведение платных семинаров по уходу за пожилыми "
            "людьми». Оставьте пустым, если не планируется.",
            basis="ГК РФ ст. 50 п. 4–5; 7-ФЗ ст. 24",
        ),
        Q(
            "activity_areas",
            "multichoice",
            "Виды социально ориентированной деятельности (ст. 31.1 7-ФЗ)",
            required=False,
            choices=ACTIVITY_AREAS,
            help="Нужны, чтобы организация могла получать поддержку как СОНКО.",
            basis="7-ФЗ ст. 2 п. 2.1, ст. 31.1",
        ),
    ]


def founders_question(*, form_help: str, public_association: bool = False) -> Q:
    children = [
        Q(
            "type",
            "choice",
            "Кто учредитель",
            choices=[("individual", "Гражданин"), ("legal", "Организация (юридическое лицо)")],
            options={"default": "individual"},
        ),
        Q(
            "person",
            "person",
            "Сведения о гражданине",
            condition='type == "individual"',
            options={"required_rule": "F3"},
            basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
        ),
        Q(
            "organization",
            "organization",
            "Сведения об организации",
            condition='type == "legal"',
            options={"required_rule": "F3"},
            basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
        ),
    ]
    if public_association:
        children.append(
            Q(
                "is_public_association",
                "boolean",
                "Организация-учредитель — общественное объединение",
                condition='type == "legal"',
                required=False,
                basis="82-ФЗ ст. 19",
            )
        )
    return Q(
        "founders",
        "group",
        "Учредители",
        help=form_help,
        basis="ГК РФ ст. 123.4, 123.17, 123.24; 82-ФЗ ст. 18–19; 7-ФЗ ст. 15",
        children=children,
        min_items=1,
        options={"item_label": "Учредитель", "add_label": "Добавить учредителя"},
    )


def founders_checked_question() -> Q:
    return Q(
        "founders_checked",
        "boolean",
        "Учредители проверены по перечню Росфинмониторинга и перечню нежелательных организаций",
        required=False,
        help="fedsfm.ru — перечень организаций и физических лиц, причастных к экстремизму или терроризму; "
        "minjust.gov.ru — перечень нежелательных организаций.",
        basis="7-ФЗ ст. 15 п. 1.2",
    )


def meeting_questions() -> list[Q]:
    return [
        Q("decision_date", "date", "Дата решения о создании (собрания учредителей)", basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
          help="Документы нужно подать не позднее трёх месяцев после этой даты."),
        Q("meeting_place", "text", "Место принятия решения", help="Например: г. Пермь, ул. Ленина, д. 10."),
        Q("meeting_chair", "text", "Председатель собрания (фамилия, имя, отчество)", condition="count(founders) > 1",
          basis="ГК РФ ст. 181.2 п. 4", help="Из числа учредителей или их представителей; подписывает протокол."),
        Q("meeting_secretary", "text", "Секретарь собрания (фамилия, имя, отчество)", condition="count(founders) > 1",
          basis="ГК РФ ст. 181.2 п. 4"),
    ]  # fmt: skip


def director_questions(titles: list[tuple[str, str]], *, basis: str) -> list[Q]:
    return [
        Q("director_title", "choice", "Наименование должности руководителя", choices=titles,
          options={"default": titles[0][0]}),
        Q("director", "person", "Руководитель (единоличный исполнительный орган)", basis=basis,
          help="Его сведения войдут в решение о создании и в заявление Р11001."),
        Q("director_term_years", "number", "Срок полномочий руководителя, лет", options={"min": 1, "max": 10, "default": 5},
          basis=basis),
        Q(
            "delegated_to_director",
            "multichoice",
            "Какие вопросы, кроме текущего руководства, передать руководителю",
            required=False,
            choices=[*DELEGABLE_COMPETENCE.items(), *EXCLUSIVE_COMPETENCE.items()],
            help="Вопросы исключительной компетенции высшего органа передать нельзя — проверка это покажет.",
            basis="7-ФЗ ст. 29 п. 3",
        ),
    ]  # fmt: skip


def address_questions() -> list[Q]:
    return [
        Q("address", "address", "Адрес постоянно действующего исполнительного органа", basis="ГК РФ ст. 54; 129-ФЗ ст. 5",
          help="По государственному адресному реестру (ГАР): сверьте на fias.nalog.ru."),
        Q(
            "address_basis",
            "choice",
            "На каком основании организация будет по этому адресу",
            choices=[
                ("owner_letter", "Нежилое помещение: гарантийное письмо собственника"),
                ("residential", "Жилое помещение учредителя или руководителя: согласие собственника"),
            ],
            basis="ГК РФ ст. 54 п. 2–3",
        ),
        Q("address_owner", "text", "Собственник помещения (наименование организации или ФИО)"),
        Q("address_owner_signer", "text", "Кто подписывает письмо от имени собственника (должность, ФИО)",
          condition='address_basis == "owner_letter"', required=False,
          help="Например: директор ООО «Прикамье» Петров П. П."),
        Q("owner_title_document", "text", "Документ о праве собственности на помещение", required=False,
          help="Например: выписка из ЕГРН от 10.02.2026 № КУВИ-001/2026-12345."),
    ]  # fmt: skip


def filing_questions() -> list[Q]:
    return [
        Q(
            "minjust_office",
            "text",
            "Территориальный орган Минюста России",
            help="Подставлен по региону организации; проверьте название на сайте Минюста.",
            basis="7-ФЗ ст. 13.1 п. 2",
            options={"prefill": "minjust_office"},
        ),
        Q(
            "route",
            "choice",
            "Как будут поданы документы",
            choices=[("gosuslugi", "Через Госуслуги (электронно)"), ("paper", "На бумаге: лично или почтой")],
            help="Через Госуслуги — без госпошлины и нотариуса, нужна электронная подпись заявителя.",
            basis="7-ФЗ ст. 13.1; НК РФ ст. 333.35",
        ),
        Q("filing_date", "date", "Планируемая дата подачи", basis="7-ФЗ ст. 13.1"),
        Q(
            "applicant_role",
            "choice",
            "Кто заявитель (подписывает заявление Р11001)",
            choices=[
                ("director", "Руководитель создаваемой организации"),
                ("founder", "Учредитель-гражданин"),
                ("founder_head", "Руководитель учредителя — организации"),
                ("other", "Иное лицо"),
            ],
            options={"default": "director"},
            basis="129-ФЗ ст. 9 п. 1.3",
        ),
        Q("applicant", "person", "Сведения о заявителе", condition='applicant_role != "director"',
          basis="129-ФЗ ст. 9 п. 1.3"),
        Q("okved_main", "text", "Основной код ОКВЭД 2", basis="ОК 029-2014",
          help="Например: 88.99 — предоставление прочих социальных услуг без обеспечения проживания."),
        Q("okved_extra", "textarea", "Дополнительные коды ОКВЭД 2", required=False, help="По одному коду в строке."),
        Q("duty_paid", "boolean", "Госпошлина уплачена", condition='route == "paper"', required=False,
          basis="НК РФ ст. 333.33 п. 1"),
        Q("duty_document", "text", "Платёжный документ (номер и дата)", condition='route == "paper" and duty_paid',
          required=False),
    ]  # fmt: skip


def registration_steps(
    *,
    organization: list[Q],
    founders_help: str,
    bodies: list[Q],
    director: list[Q],
    public_association: bool = False,
    decision_extra: list[Q] | None = None,
    bodies_title: str = "Органы управления",
) -> list[S]:
    """The steps of a registration package; founders and the meeting are asked the same way in all."""
    founders = [
        founders_question(form_help=founders_help, public_association=public_association),
        founders_checked_question(),
    ]
    decision = [*meeting_questions(), *(decision_extra or [])]
    steps = [
        S("Организация", organization, help="Наименование, место нахождения и цели — основа устава."),
        S("Учредители", founders, help="Сведения войдут в решение о создании и в «Сведения об учредителях»."),
        S("Решение о создании", decision, help="Дата, место и участники собрания (или решение одного учредителя)."),
    ]
    if bodies:
        steps.append(S(bodies_title, bodies))
    steps += [
        S("Руководитель", director),
        S("Адрес", address_questions(), help="Адрес нужен для заявления Р11001 и документа о помещении."),
        S("Подача документов", filing_questions(), help="Способ подачи определяет пошлину и нотариуса."),
    ]
    return steps


# --- documents shared by the registration packages ----------------------------------------------

PERSON_ROWS = [
    ("Фамилия, имя, отчество", "{{ p.full_name }}"),
    ("Гражданство", "{{ p.citizenship }}"),
    ("Дата рождения", "{{ p.birth_date|date_ru }}"),
    ("Место рождения", "{{ p.birth_place }}"),
    ("Документ, удостоверяющий личность", "паспорт {{ p.passport }}"),
    ("Адрес регистрации по месту жительства", "{{ p.address }}"),
    ("ИНН", "{{ p.inn }}", "p.inn"),
    ("СНИЛС", "{{ p.snils }}", "p.snils"),
    ("Телефон, электронная почта", "{{ p.phone }} {{ p.email }}", "p.phone or p.email"),
]
ORGANIZATION_ROWS = [
    ("Полное наименование", "{{ o.full_name }}"),
    ("ОГРН", "{{ o.ogrn }}"),
    ("ИНН", "{{ o.inn }}"),
    ("КПП", "{{ o.kpp }}", "o.kpp"),
    ("Адрес (место нахождения)", "{{ o.address }}"),
    ("Представитель", "{{ o.head_position }} {{ o.head_name }}"),
    ("Основание полномочий", "{{ o.authority }}"),
]


def _rows(prefix: str, rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """PERSON_ROWS use `p`, ORGANIZATION_ROWS use `o`; bind them to a path such as f.person."""
    short = "p" if rows is PERSON_ROWS else "o"
    return [tuple(part.replace(f"{short}.", f"{prefix}.") for part in row) for row in rows]


def founders_info(*, legal_basis: str) -> DocSpec:
    blocks = flatten(
        [
            Right("Приложение к заявлению о государственной регистрации"),
            Title("СВЕДЕНИЯ ОБ УЧРЕДИТЕЛЯХ"),
            Center("{{ org.full_name }}", bold=True),
            Blank(),
            For(
                "f in founders",
                SubHeading("{{ loop.index }}. {{ f.name }}"),
                If(
                    "f.is_individual",
                    Fields(_rows("f.person", PERSON_ROWS)),
                    otherwise=[Fields(_rows("f.organization", ORGANIZATION_ROWS))],
                ),
            ),
            P(
                "Сведения об учредителях соответствуют документам, удостоверяющим личность, и учредительным "
                "документам учредителей — юридических лиц. Учредители дали согласие на обработку персональных "
                "данных в целях государственной регистрации организации."
            ),
            Signature("Заявитель", "{{ applicant.short_name }}"),
            Left("{{ decision_date|date_long }}"),
            Note(f"Основание: {legal_basis}. Представляется в двух экземплярах при подаче на бумаге."),
        ]
    )
    return DocSpec("Сведения об учредителях", "Сведения об учредителях", blocks, copies=2)


def r11001_sheet(*, okopf_title: str) -> DocSpec:
    blocks = flatten(
        [
            Title("СВЕДЕНИЯ ДЛЯ ЗАПОЛНЕНИЯ ЗАЯВЛЕНИЯ ПО ФОРМЕ {{ params.r11001_form_name }}"),
            Center("«Заявление о государственной регистрации юридического лица при создании»"),
            Center("Форма утверждена: {{ params.r11001_form_order }}"),
            Note(
                "Это не официальная форма, а лист со значениями, которые нужно перенести в форму Р11001 "
                "(программа ФНС «Подготовка документов для государственной регистрации» или форма на Госуслугах). "
                "Проверьте перед подачей, не заменена ли форма новым приказом ФНС."
            ),
            Heading("1. Организационно-правовая форма и наименование"),
            Fields(
                [
                    ("Организационно-правовая форма", okopf_title),
                    ("Полное наименование на русском языке", "{{ org.full_name }}"),
                    ("Сокращённое наименование", "{{ short_name }}", "short_name"),
                    ("Вид юридического лица", "некоммерческая организация; регистрация через {{ minjust_office }}"),
                ]
            ),
            Heading("2. Место нахождения и адрес"),
            Fields(
                [
                    ("Место нахождения (по уставу)", "{{ org.location }}"),
                    ("Почтовый индекс", "{{ address.postal_code }}"),
                    ("Субъект Российской Федерации", "{{ address.region }}"),
                    ("Муниципальный район (округ)", "{{ address.district }}", "address.district"),
                    ("Населённый пункт", "{{ address.settlement }}"),
                    ("Улица", "{{ address.street }}", "address.street"),
                    ("Здание (дом)", "{{ address.house }}"),
                    ("Помещение", "{{ address.room }}", "address.room"),
                ]
            ),
            Heading("3. Учредители"),
            For(
                "f in founders",
                SubHeading("Учредитель {{ loop.index }}: {{ f.name }}"),
                If(
                    "f.is_individual",
                    Fields(
                        [
                            ("Фамилия, имя, отчество", "{{ f.person.full_name }}"),
                            ("ИНН", "{{ f.person.inn }}", "f.person.inn"),
                            ("Дата и место рождения", "{{ f.person.birth_date|date_ru }}, {{ f.person.birth_place }}"),
                            ("Гражданство", "{{ f.person.citizenship }}"),
                            ("Паспорт", "{{ f.person.passport }}"),
                            ("Адрес места жительства", "{{ f.person.address }}"),
                        ]
                    ),
                    otherwise=[
                        Fields(
                            [
                                ("ОГРН", "{{ f.organization.ogrn }}"),
                                ("ИНН", "{{ f.organization.inn }}"),
                                ("Полное наименование", "{{ f.organization.full_name }}"),
                            ]
                        )
                    ],
                ),
            ),
            Heading("4. Лицо, имеющее право без доверенности действовать от имени организации"),
            Fields(
                [
                    ("Должность", "{{ director_title }}"),
                    ("Фамилия, имя, отчество", "{{ director.full_name }}"),
                    ("ИНН", "{{ director.inn }}", "director.inn"),
                    ("Дата и место рождения", "{{ director.birth_date|date_ru }}, {{ director.birth_place }}"),
                    ("Гражданство", "{{ director.citizenship }}"),
                    ("Паспорт", "{{ director.passport }}"),
                    ("Адрес места жительства", "{{ director.address }}"),
                    ("Телефон, электронная почта", "{{ director.phone }} {{ director.email }}"),
                ]
            ),
            Heading("5. Коды ОКВЭД 2"),
            Fields(
                [
                    ("Основной вид деятельности", "{{ okved_main }}"),
                    ("Дополнительные виды", "{{ okved_extra|lines|join('; ') }}", "okved_extra"),
                ]
            ),
            Heading("6. Заявитель"),
            Fields(
                [
                    ("Заявитель", "{{ applicant_role }}"),
                    ("Фамилия, имя, отчество", "{{ applicant.full_name }}"),
                    ("Паспорт", "{{ applicant.passport }}"),
                    ("ИНН", "{{ applicant.inn }}", "applicant.inn"),
                    (
                        "Способ выдачи документов",
                        "{% if route == 'gosuslugi' %}в электронном виде на Госуслугах{% else %}лично заявителю или "
                        "по почте{% endif %}",
                    ),
                ]
            ),
            If(
                "route == 'paper'",
                Note(
                    "Подача на бумаге: подпись заявителя на заявлении свидетельствуется нотариально "
                    "(129-ФЗ ст. 9 п. 1.2)."
                ),
                otherwise=[
                    Note(
                        "Подача через Госуслуги: заявление подписывается усиленной квалифицированной электронной подписью."
                    )
                ],
            ),
        ]
    )
    return DocSpec(
        "Сведения для заявления Р11001",
        "Сведения для заявления Р11001",
        blocks,
        note="Лист со значениями для формы Р11001; в Минюст не подаётся.",
    )


def guarantee_letter() -> DocSpec:
    blocks = flatten(
        [
            Right("В {{ minjust_office }}"),
            Blank(),
            Title("ГАРАНТИЙНОЕ ПИСЬМО"),
            P(
                "Собственник нежилого помещения по адресу: {{ address.full }} — {{ address_owner }} — гарантирует "
                "предоставление этого помещения {{ org.full_name|case('datv') }} (далее — Организация) после её "
                "государственной регистрации для размещения постоянно действующего исполнительного органа "
                "Организации и осуществления связи с Организацией."
            ),
            P(
                "Право собственности на помещение подтверждается: {{ owner_title_document }}. Помещение свободно "
                "от прав третьих лиц и пригодно для размещения организации."
            ),
            P(
                "После государственной регистрации с Организацией будет заключён договор аренды (безвозмездного "
                "пользования) помещения. Собственник согласен на указание этого адреса в Едином государственном "
                "реестре юридических лиц в качестве адреса Организации."
            ),
            Left("Приложение: копия документа о праве собственности на помещение."),
            Signature("{{ address_owner_signer }}"),
            Left("{{ decision_date|date_long }}"),
            Left("М. П. (при наличии)"),
        ]
    )
    return DocSpec(
        "Гарантийное письмо собственника помещения",
        "Гарантийное письмо",
        blocks,
        condition='address_basis == "owner_letter"',
        note="Не входит в обязательный перечень 7-ФЗ ст. 13.1, но подтверждает достоверность адреса.",
    )


def residential_consent() -> DocSpec:
    blocks = flatten(
        [
            Right("В {{ minjust_office }}"),
            Blank(),
            Title("СОГЛАСИЕ СОБСТВЕННИКА ЖИЛОГО ПОМЕЩЕНИЯ"),
            Center("на указание адреса в качестве адреса юридического лица"),
            P(
                "Я, {{ address_owner }}, собственник жилого помещения по адресу: {{ address.full }} "
                "(основание: {{ owner_title_document }}), даю согласие на указание этого адреса в Едином "
                "государственном реестре юридических лиц в качестве адреса {{ org.full_name|case('gent') }} для связи с "
                "организацией и размещения её единоличного исполнительного органа — {{ director_title|lower }} "
                "{{ director.full_name }}."
            ),
            P(
                "Мне известно, что жилое помещение не может использоваться для размещения офиса организации без "
                "перевода его в нежилой фонд; адрес используется для связи и получения корреспонденции."
            ),
            P("Согласие действует до его письменного отзыва.", indent=True),
            Signature("Собственник", "{{ address_owner }}"),
            Left("{{ decision_date|date_long }}"),
            Note("Если у помещения несколько собственников, согласие подписывают все."),
        ]
    )
    return DocSpec(
        "Согласие собственника жилого помещения",
        "Согласие собственника помещения",
        blocks,
        condition='address_basis == "residential"',
    )


def name_consent() -> DocSpec:
    blocks = flatten(
        [
            Title("СОГЛАСИЕ"),
            Center("на использование имени гражданина в наименовании некоммерческой организации"),
            P(
                "Я, __________________________________________ (фамилия, имя, отчество; для наследников — степень "
                "родства), паспорт серия ______ № __________, даю согласие на использование имени "
                "______________________________ в наименовании {{ org.full_name|case('gent') }}."
            ),
            P(
                "Согласие дано безвозмездно на весь срок деятельности организации. Мне известно, что организация "
                "обязуется не использовать имя способом, порочащим честь, достоинство и деловую репутацию."
            ),
            P("Документ, на который ссылается анкета: {{ name_rights_document }}."),
            Signature("Подпись"),
            Left("«___» __________ 20__ г."),
            Note("Основание: 7-ФЗ ст. 13.1 (документ о праве использовать имя гражданина в наименовании)."),
        ]
    )
    return DocSpec(
        "Согласие на использование имени гражданина",
        "Согласие на использование имени",
        blocks,
        condition='"person_name" in name_special',
    )


def duty_note() -> DocSpec:
    blocks = flatten(
        [
            Title("ПАМЯТКА О ГОСУДАРСТВЕННОЙ ПОШЛИНЕ"),
            Center("{{ org.full_name }}"),
            If(
                "route == 'paper'",
                P(
                    "Документы подаются на бумаге, поэтому до подачи нужно уплатить государственную пошлину за "
                    "государственную регистрацию некоммерческой организации при создании: **{{ duty_rub }} ₽** "
                    "(подпункт 3 пункта 1 статьи 333.33 Налогового кодекса РФ; размер — на дату подачи "
                    "{{ filing_date|date_ru }})."
                ),
                P(
                    "Плательщик — заявитель. Реквизиты получателя (территориальный орган Минюста России) и код "
                    "бюджетной классификации возьмите на сайте Управления Минюста вашего субъекта или "
                    "сформируйте квитанцию на Госуслугах. Оригинал документа об уплате прикладывается к пакету."
                ),
                Fields(
                    [
                        ("Пошлина уплачена", "{{ duty_paid }}"),
                        ("Платёжный документ", "{{ duty_document }}", "duty_document"),
                    ]
                ),
                otherwise=[
                    P(
                        "Документы подаются через Госуслуги: государственная пошлина **не уплачивается** "
                        "(подача в электронной форме через Единый портал государственных услуг)."
                    ),
                    P(
                        "Если способ подачи изменится на бумажный, уплатите пошлину {{ duty_rub }} ₽ и приложите "
                        "документ об уплате, а подпись заявителя на заявлении Р11001 засвидетельствуйте у нотариуса."
                    ),
                ],
            ),
            If(
                "param_notes.registration_duty_rub",
                Note("Для консультанта: {{ param_notes.registration_duty_rub }}"),
            ),
            Note(
                "Размер пошлины хранится в параметрах платформы с датой вступления в силу и может меняться; "
                "проверяйте действующую редакцию статьи 333.33 НК РФ."
            ),
        ]
    )
    return DocSpec(
        "Памятка о государственной пошлине", "Памятка о госпошлине", blocks, note="Для заявителя; не подаётся."
    )


def checklist(*, title: str) -> DocSpec:
    blocks = flatten(
        [
            Title("ОПИСЬ ДОКУМЕНТОВ И ПАМЯТКА ПО ПОДАЧЕ"),
            Center(title),
            Center("{{ org.full_name }}", bold=True),
            Heading("Документы пакета"),
            Table(
                ["№", "Документ", "Экземпляров", "Примечание"],
                [
                    "{{ loop.index }}",
                    "{{ d.title }}",
                    "{% if route == 'paper' %}{{ d.copies }}{% else %}электронно{% endif %}",
                    "{{ d.note }}",
                ],
                loop="d in documents",
                widths=(1, 7.5, 2.5, 6),
            ),
            If(
                "route == 'paper'",
                P(
                    "К пакету добавляется заявление по форме {{ params.r11001_form_name }} (1 экз.), подпись "
                    "заявителя на котором засвидетельствована нотариусом, и документ об уплате государственной "
                    "пошлины {{ duty_rub }} ₽. Устав подаётся в трёх экземплярах, прошитым и пронумерованным."
                ),
                otherwise=[
                    P(
                        "Через Госуслуги документы загружаются сканами (PDF) и подписываются усиленной "
                        "квалифицированной электронной подписью заявителя; пошлина не уплачивается, нотариус не нужен."
                    )
                ],
            ),
            Heading("Куда подавать"),
            P("{{ minjust_office }}; планируемая дата подачи — {{ filing_date|date_ru }}."),
            Heading("Ожидаемые сроки"),
            Table(
                ["Этап", "Ожидаемая дата", "Основание"],
                ["{{ t.title }}{% if t.note %} ({{ t.note }}){% endif %}", "{{ t.date|date_ru }}", "{{ t.basis }}"],
                loop="t in timeline",
                widths=(9, 3, 5),
            ),
            Note(
                "Сроки рассчитаны в рабочих днях по производственному календарю платформы. Если Минюст "
                "приостановит регистрацию для исправления недостатков (до трёх месяцев), сроки сдвигаются."
            ),
            Heading("Замечания проверки для консультанта"),
            If(
                "problems",
                Table(
                    ["Правило", "Замечание", "Основание"],
                    ["{{ p.rule }} ({{ p.severity_label }})", "{{ p.message }}", "{{ p.legal_basis }}"],
                    loop="p in problems",
                    widths=(3, 9, 5),
                ),
                otherwise=[P("Замечаний нет.")],
            ),
            Heading("После регистрации"),
            P(
                "Получите свидетельство о государственной регистрации НКО и лист записи ЕГРЮЛ, откройте "
                "банковский счёт, выберите режим налогообложения, зарегистрируйтесь на информационном портале "
                "Минюста (unro.minjust.ru) для ежегодной отчётности."
            ),
        ]
    )
    return DocSpec(
        "Опись документов и памятка по подаче",
        "Опись и памятка по подаче",
        blocks,
        note="Для консультанта и заявителя; не подаётся.",
    )


def registration_documents(*, founders_basis: str, okopf_title: str, checklist_title: str) -> list[DocSpec]:
    """The documents after the charter and the decision, in the order of the package."""
    return [
        founders_info(legal_basis=founders_basis),
        r11001_sheet(okopf_title=okopf_title),
        guarantee_letter(),
        residential_consent(),
        name_consent(),
        duty_note(),
        checklist(title=checklist_title),
    ]


def charter_opening(*approved_by: Block) -> list[Block]:
    """The approval stamp (`approved_by` says by whom) and the title of a charter, up to section 1."""
    return [
        Right("УТВЕРЖДЁН"),
        *approved_by,
        Blank(),
        Title("УСТАВ", size=16),
        Center("{{ org.full_name }}", bold=True),
        Blank(),
        Center("{{ org.location }}, {{ decision_date.year }} г."),
        Heading("1. Общие положения"),
    ]


def decision_header(kind: str, subtitle: str) -> list[Block]:
    """The head of a decision or protocol on founding: what it is, of whom, where and when."""
    return [
        Title(kind),
        Center("{{ org.full_name }}", bold=True),
        Center(subtitle),
        Left("{{ meeting_place }}"),
        Right("{{ decision_date|date_long }}"),
    ]


def founders_present(person_line: str) -> list[Block]:
    """One bullet a founder: `person_line` for a citizen, the name and representative for an organization."""
    return For(
        "f in founders",
        If(
            "f.is_individual",
            Bullet(person_line),
            otherwise=[
                Bullet(
                    "{{ f.organization.full_name }} (ОГРН {{ f.organization.ogrn }}) в лице "
                    "{{ f.organization.head_name }} (основание полномочий: {{ f.organization.authority }});"
                )
            ],
        ),
    )


def meeting_signatures() -> list[Block]:
    return [
        Signature("Председатель собрания", "{{ meeting_chair }}"),
        Signature("Секретарь собрания", "{{ meeting_secretary }}"),
    ]


def votes(text: str = "Голосовали") -> Block:
    return P(
        f"{text}: «за» — {{{{ founders|length }}}} ({{{{ founders|length|number_words }}}}), «против» — нет, "
        "«воздержались» — нет. Решение принято единогласно."
    )
