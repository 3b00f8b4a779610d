"""The annual report to Минюст: ОН0001/ОН0002 or the simplified notice, chosen by the answers."""

from konstruktor.documents.shipped.dsl import (
    Blank,
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
    Table,
    Title,
    flatten,
)
from konstruktor.documents.shipped.spec import PackageSpec, Q, S
from konstruktor.documents.shipped.statuses import ngo_question

SIMPLIFIED = "not foreign_founders and not foreign_receipts and total_receipts < params.simplified_report_threshold_rub"
FULL = "foreign_founders or foreign_receipts or total_receipts >= params.simplified_report_threshold_rub"
SIGNATURE = Signature("{{ ngo.head_position }}", "{{ ngo.head_name }}")
HEADER = [
    Right("В {{ minjust_office }}"),
    Right("от {{ ngo.full_name|case('gent') }}"),
    Right("ОГРН {{ ngo.ogrn }}, ИНН {{ ngo.inn }}"),
]

SIMPLIFIED_NOTICE = flatten(
    [
        HEADER,
        Blank(),
        Title("ЗАЯВЛЕНИЕ"),
        Center("о соответствии условиям пункта 3.1 статьи 32 Федерального закона «О некоммерческих организациях»"),
        P(
            "{{ ngo.full_name }} подтверждает, что в {{ report_year }} году: учредителями (участниками, членами) "
            "организации не являлись иностранные граждане, лица без гражданства и иностранные организации; "
            "организация не получала имущества и денежных средств от международных и иностранных организаций, "
            "иностранных граждан и лиц без гражданства; поступления имущества и денежных средств составили "
            "{{ total_receipts|rub }} ₽, то есть менее {{ params.simplified_report_threshold_rub|rub }} ₽."
        ),
        Heading("Информация о продолжении деятельности"),
        P(
            "Организация продолжает свою деятельность. Постоянно действующий руководящий орган — "
            "{{ governing_body }}, адрес: {{ ngo.address }}. Руководитель — {{ ngo.head_position }} {{ ngo.head_name }}."
        ),
        P("В {{ report_year }} году организация:"),
        For("a in activity_summary|lines", Bullet("{{ a }};")),
        SIGNATURE,
        Left("{{ submission_date|date_long }}"),
    ]
)

ON0001 = flatten(
    [
        Title("СВЕДЕНИЯ ДЛЯ ОТЧЁТА ПО ФОРМЕ ОН0001"),
        Center("о деятельности некоммерческой организации и о персональном составе её руководящих органов"),
        Center("за {{ report_year }} год — {{ ngo.full_name }}"),
        Note(
            "Лист со значениями для формы ОН0001 ({{ params.minjust_report_forms_order }}); отчёт заполняется и "
            "размещается на портале unro.minjust.ru."
        ),
        Fields(
            [
                ("Полное наименование", "{{ ngo.full_name }}"),
                ("ОГРН / ИНН", "{{ ngo.ogrn }} / {{ ngo.inn }}"),
                ("Адрес", "{{ ngo.address }}"),
                ("Постоянно действующий руководящий орган", "{{ governing_body }}"),
                ("Руководитель", "{{ ngo.head_position }} {{ ngo.head_name }}"),
                ("Численность работников на конец года", "{{ staff_count }}", "staff_count is not none"),
                ("Членов организации", "{{ members_count }}", "members_count is not none"),
            ]
        ),
        Heading("Основные мероприятия за год"),
        For("a in activity_summary|lines", Bullet("{{ a }};")),
        SIGNATURE,
    ]
)

ON0002 = flatten(
    [
        Title("СВЕДЕНИЯ ДЛЯ ОТЧЁТА ПО ФОРМЕ ОН0002"),
        Center("об объёме денежных средств и иного имущества, их целевом расходовании и использовании"),
        Center("за {{ report_year }} год — {{ ngo.full_name }}"),
        Fields(
            [
                ("Поступления за год, всего, ₽", "{{ total_receipts|rub }}"),
                (
                    "В том числе от иностранных источников",
                    "{% if foreign_receipts %}были — укажите их в разделе 1 формы{% else %}не было{% endif %}",
                ),
                ("Иностранные учредители (участники, члены)", "{% if foreign_founders %}есть{% else %}нет{% endif %}"),
            ]
        ),
        Heading("Расходы по направлениям"),
        Table(
            ["Направление расходования", "Сумма, ₽"],
            ["{{ e.purpose }}", "{{ e.amount|rub }}"],
            loop="e in expenses",
            widths=(12, 5),
        ),
        Note("Форма ОН0002 заполняется на портале unro.minjust.ru; значения — из бухгалтерской отчётности."),
        SIGNATURE,
    ]
)

CONTINUATION = flatten(
    [
        HEADER,
        Blank(),
        Title("СООБЩЕНИЕ"),
        Center("о продолжении деятельности общественного объединения"),
        P(
            "{{ ngo.full_name }} в соответствии со статьёй 29 Федерального закона «Об общественных объединениях» "
            "сообщает о продолжении своей деятельности в {{ report_year|int + 1 }} году."
        ),
        Fields(
            [
                ("Место нахождения постоянно действующего руководящего органа", "{{ ngo.address }}"),
                ("Наименование постоянно действующего руководящего органа", "{{ governing_body }}"),
                ("Руководитель", "{{ ngo.head_position }} {{ ngo.head_name }}"),
                ("Членов организации", "{{ members_count }}", "members_count is not none"),
            ]
        ),
        SIGNATURE,
        Left("{{ submission_date|date_long }}"),
    ]
)

MEMO = flatten(
    [
        Title("ПАМЯТКА ПО ОТЧЁТНОСТИ В МИНЮСТ"),
        Center("за {{ report_year }} год"),
        If(
            SIMPLIFIED,
            P(
                "Организация отвечает условиям упрощённого порядка (7-ФЗ ст. 32 п. 3.1): вместо отчётов ОН0001 и "
                "ОН0002 представляется заявление о соответствии условиям и информация о продолжении деятельности."
            ),
            otherwise=[
                P(
                    "Организация представляет отчёт о деятельности и персональном составе руководящих органов "
                    "(ОН0001) и отчёт о расходовании средств и использовании имущества (ОН0002): условия упрощённого "
                    "порядка не выполнены."
                )
            ],
        ),
        If(
            "legal_form == 'oo'",
            P(
                "Общественное объединение ежегодно сообщает о продолжении деятельности (82-ФЗ ст. 29); при "
                "поступлениях из иностранных источников — также отчёт ОН0003."
            ),
        ),
        If("is_charitable", P("Благотворительная организация прилагает отчёт по статье 19 закона № 135-ФЗ.")),
        P(
            "Срок — не позднее {{ params.minjust_report_deadline }}.{{ report_year|int + 1 }}. Документы "
            "размещаются на информационном портале Минюста (unro.minjust.ru) из личного кабинета организации."
        ),
        P("Формы утверждены: {{ params.minjust_report_forms_order }}. {{ param_notes.minjust_report_forms_order }}"),
        P(
            "Кроме отчётности в Минюст: бухгалтерская отчётность в ФНС до 31 марта; формы Росстата № 1-НКО и "
            "№ 1-СОНКО (если применимо) — около 1 апреля."
        ),
        If(
            "problems",
            Heading("Замечания проверки"),
            For("p in problems", Bullet("{{ p.rule }}: {{ p.message }}")),
        ),
    ]
)

PACKAGE = PackageSpec(
    slug="minjust-annual-report",
    title="Ежегодная отчётность в Минюст",
    description="По ответам о поступлениях и иностранных источниках пакет сам выбирает состав: заявление об "
    "упрощённом порядке с информацией о продолжении деятельности или сведения для отчётов ОН0001 и ОН0002; "
    "общественным объединениям — сообщение о продолжении деятельности.",
    kind="reporting",
    legal_basis="7-ФЗ ст. 32 п. 3, 3.1; 82-ФЗ ст. 29; Приказ Минюста России № 185 (в ред. 2023 г.)",
    order=60,
    rules=["R1"],
    steps=[
        S(
            "Организация",
            [
                ngo_question("Организация"),
                Q("legal_form", "choice", "Организационно-правовая форма",
                  choices=[("ano", "Автономная некоммерческая организация"), ("fund", "Фонд"),
                           ("oo", "Общественная организация"), ("association", "Ассоциация (союз)")]),
                Q("governing_body", "text", "Постоянно действующий руководящий орган",
                  help="Например: Правление; для АНО — Директор."),
                Q("minjust_office", "text", "Территориальный орган Минюста России", options={"prefill": "minjust_office"}),
                Q("is_charitable", "boolean", "Организация — благотворительная (135-ФЗ)", required=False),
            ],
        ),
        S(
            "Условия упрощённого порядка",
            [
                Q("report_year", "number", "Отчётный год", options={"min": 2000, "max": 2100}),
                Q("foreign_founders", "boolean",
                  "Среди учредителей (участников, членов) есть иностранные граждане, организации или лица без гражданства",
                  basis="7-ФЗ ст. 32 п. 3.1"),
                Q("foreign_receipts", "boolean", "В отчётном году были поступления из иностранных источников",
                  basis="7-ФЗ ст. 32 п. 3.1"),
                Q("total_receipts", "number", "Поступления имущества и денежных средств за год, ₽",
                  options={"min": 0}, basis="7-ФЗ ст. 32 п. 3.1",
                  help="Если меньше порога (3 млн ₽ — параметр) и нет иностранных источников — упрощённый порядок."),
            ],
        ),
        S(
            "Сведения для отчёта",
            [
                Q("activity_summary", "textarea", "Основные мероприятия и результаты за год", help="По одному в строке."),
                Q("staff_count", "number", "Численность работников на конец года", required=False, options={"min": 0}),
                Q("members_count", "number", "Число членов организации", condition='legal_form == "oo"',
                  required=False, options={"min": 0}),
                Q("expenses", "group", "Расходы по направлениям", required=False,
                  condition=FULL,
                  children=[Q("purpose", "text", "Направление"), Q("amount", "number", "Сумма, ₽", options={"min": 0})],
                  options={"item_label": "Направление", "add_label": "Добавить направление"}),
                Q("submission_date", "date", "Дата подачи", basis="7-ФЗ ст. 32 п. 3"),
            ],
        ),
    ],
    documents=[
        DocSpec("Заявление об упрощённом порядке и информация о продолжении деятельности",
                "Заявление об упрощённом порядке", SIMPLIFIED_NOTICE, condition=SIMPLIFIED),
        DocSpec("Сведения для отчёта ОН0001", "Сведения для ОН0001", ON0001, condition=FULL),
        DocSpec("Сведения для отчёта ОН0002", "Сведения для ОН0002", ON0002, condition=FULL),
        DocSpec("Сообщение о продолжении деятельности общественного объединения",
                "Сообщение о продолжении деятельности", CONTINUATION, condition='legal_form == "oo"'),
        DocSpec("Памятка по отчётности", "Памятка", MEMO, note="Для организации; не подаётся."),
    ],
)  # fmt: skip
