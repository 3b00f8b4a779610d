"""A letter and a proposal for joining a regional working or project group."""

from konstruktor.documents.shipped.dsl import (
    Blank,
    Bullet,
    Center,
    DocSpec,
    Fields,
    For,
    Heading,
    Left,
    P,
    Right,
    Signature,
    Title,
    flatten,
)
from konstruktor.documents.shipped.spec import PackageSpec, Q, S
from konstruktor.documents.shipped.statuses import ngo_question

SIGNATURE = Signature("{{ ngo.head_position }}", "{{ ngo.head_name }}")

LETTER = flatten(
    [
        Left("Исх. № {{ outgoing_number }} от {{ letter_date|date_ru }}"),
        Right("{{ addressee_position }}"),
        Right("{{ addressee_name }}"),
        Blank(),
        Center("О включении представителя в состав {{ group_kind|case('gent')|lower }}"),
        Blank(),
        P("Уважаемый (-ая) {{ addressee_name }}!"),
        P(
            "{{ ngo.full_name }} просит рассмотреть возможность включить в состав {{ group_kind|case('gent')|lower }} "
            "«{{ group_name }}» при {{ group_body }} представителя организации — {{ candidate_name }}, "
            "{{ candidate_position }}."
        ),
        P("Организация работает в сфере, которой занимается группа:"),
        For("e in organization_experience|lines", Bullet("{{ e }};")),
        P(
            "Участие организации позволит учесть в работе группы опыт некоммерческого сектора и мнение получателей "
            "услуг. Предложения в план работы группы прилагаются."
        ),
        P(
            "Контакты представителя: {{ candidate_phone }}, {{ candidate_email }}. Согласие кандидата на обработку "
            "персональных данных прилагается."
        ),
        P(
            "Приложения: 1) предложение в план работы группы; 2) согласие на обработку персональных данных.",
            indent=False,
        ),
        SIGNATURE,
    ]
)

PROPOSAL = flatten(
    [
        Title("ПРЕДЛОЖЕНИЕ"),
        Center("в план работы {{ group_kind|case('gent')|lower }} «{{ group_name }}»"),
        Center("от {{ ngo.full_name }}"),
        Heading("Кандидат в состав группы"),
        Fields(
            [
                ("Фамилия, имя, отчество", "{{ candidate_name }}"),
                ("Должность в организации", "{{ candidate_position }}"),
                ("Опыт и компетенции", "{{ candidate_experience }}"),
            ]
        ),
        Heading("Предложения"),
        For("p in proposals|lines", Bullet("{{ p }};")),
        Heading("Чем организация может помочь группе"),
        For("c in contribution|lines", Bullet("{{ c }};")),
        SIGNATURE,
        Left("{{ letter_date|date_long }}"),
    ]
)

CONSENT = flatten(
    [
        Title("СОГЛАСИЕ НА ОБРАБОТКУ ПЕРСОНАЛЬНЫХ ДАННЫХ"),
        P(
            "Я, {{ candidate_name }}, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ "
            "«О персональных данных» даю согласие {{ group_body }} на обработку моих персональных данных "
            "(фамилия, имя, отчество, место работы и должность, контактные телефон и электронная почта) в целях "
            "рассмотрения вопроса о включении меня в состав {{ group_kind|case('gent')|lower }} «{{ group_name }}» "
            "и участия в её работе, включая размещение фамилии, имени, отчества и места работы в составе группы "
            "на официальном сайте."
        ),
        P("Согласие действует до окончания работы в составе группы и может быть отозвано письменным заявлением."),
        Signature("Подпись", "{{ candidate_name }}"),
        Left("{{ letter_date|date_long }}"),
    ]
)

PACKAGE = PackageSpec(
    slug="working-group-letter",
    title="Письмо о включении в рабочую (проектную) группу",
    description="Письмо органу власти о включении представителя НКО в региональную рабочую или проектную группу, "
    "предложение в план работы и согласие кандидата на обработку персональных данных.",
    kind="participation",
    legal_basis="Положение о рабочей (проектной) группе органа власти; 152-ФЗ ст. 9",
    order=70,
    rules=["G1"],
    steps=[
        S(
            "Группа",
            [
                ngo_question("Организация"),
                Q("group_kind", "choice", "Вид группы",
                  choices=[("working", "Рабочая группа"), ("project", "Проектная группа"),
                           ("council", "Общественный совет")], options={"default": "working"}),
                Q("group_name", "text", "Название группы", help="Например: «Развитие негосударственного сектора в "
                  "социальной сфере»."),
                Q("group_body", "text", "При каком органе создана группа (в предложном падеже)",
                  help="Например: Министерстве социального развития Пермского края."),
                Q("addressee_position", "text", "Должность адресата (в дательном падеже)",
                  help="Например: Министру социального развития Пермского края."),
                Q("addressee_name", "text", "Фамилия и инициалы адресата", help="Например: Иванову И. И."),
            ],
        ),
        S(
            "Кандидат",
            [
                Q("candidate_name", "text", "Фамилия, имя, отчество кандидата"),
                Q("candidate_position", "text", "Должность кандидата в организации"),
                Q("candidate_phone", "text", "Телефон кандидата"),
                Q("candidate_email", "text", "Электронная почта кандидата"),
                Q("candidate_experience", "textarea", "Опыт и компетенции кандидата"),
                Q("candidate_consent", "boolean", "Кандидат дал согласие на обработку персональных данных",
                  basis="152-ФЗ ст. 9"),
            ],
        ),
        S(
            "Предложения",
            [
                Q("organization_experience", "textarea", "Опыт организации в сфере работы группы",
                  help="По одному пункту в строке: проекты, услуги, результаты."),
                Q("proposals", "textarea", "Предложения в план работы группы", help="По одному в строке."),
                Q("contribution", "textarea", "Чем организация может помочь группе", help="По одному в строке."),
                Q("letter_date", "date", "Дата письма"),
                Q("outgoing_number", "text", "Исходящий номер", required=False),
            ],
        ),
    ],
    documents=[
        DocSpec("Письмо о включении в состав группы", "Письмо", LETTER),
        DocSpec("Предложение в план работы группы", "Предложение", PROPOSAL),
        DocSpec("Согласие кандидата на обработку персональных данных", "Согласие на обработку ПДн", CONSENT),
    ],
)  # fmt: skip
