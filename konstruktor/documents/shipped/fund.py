"""Registration of a фонд with its попечительский совет (ГК РФ ст. 123.17–123.20; 7-ФЗ ст. 7)."""

from konstruktor.documents.shipped.dsl import (
    Blank,
    Bullet,
    Center,
    DocSpec,
    For,
    Heading,
    If,
    Left,
    P,
    Right,
    Signature,
    Title,
    flatten,
)
from konstruktor.documents.shipped.registration_common import (
    REGISTRATION_RULES,
    checklist,
    decision_header,
    director_questions,
    duty_note,
    founders_checked_question,
    founders_info,
    founders_question,
    guarantee_letter,
    meeting_questions,
    name_consent,
    name_questions,
    purpose_questions,
    r11001_sheet,
    registration_steps,
    residential_consent,
    votes,
)
from konstruktor.documents.shipped.spec import PackageSpec, Q

DIRECTOR_TITLES = [
    ("director", "Директор"),
    ("president", "Президент"),
    ("executive_director", "Исполнительный директор"),
]

CHARTER = flatten(
    [
        Right("УТВЕРЖДЁН"),
        Right(
            "{% if sole_founder %}решением единственного учредителя № 1{% else %}собранием учредителей, протокол "
            "№ 1{% endif %} от {{ decision_date|date_ru }}"
        ),
        Blank(),
        Title("УСТАВ", size=16),
        Center("{{ org.full_name }}", bold=True),
        Blank(),
        Center("{{ org.location }}, {{ decision_date.year }} г."),
        Heading("1. Общие положения"),
        P(
            "1.1. {{ org.full_name }} (далее — Фонд) является не имеющей членства унитарной некоммерческой "
            "организацией, учреждённой на основе добровольных имущественных взносов и преследующей "
            "социальные, благотворительные, культурные, образовательные и иные общественно полезные цели."
        ),
        P(
            "1.2. Фонд действует в соответствии с Гражданским кодексом Российской Федерации, Федеральным "
            "законом от 12.01.1996 № 7-ФЗ «О некоммерческих организациях»{% if 'благотворительн' in "
            "org.full_name|lower %}, Федеральным законом от 11.08.1995 № 135-ФЗ «О благотворительной "
            "деятельности и добровольчестве (волонтёрстве)»{% endif %} и настоящим Уставом."
        ),
        P(
            "1.3. Полное наименование: {{ org.full_name }}.{% if short_name %} Сокращённое наименование: "
            "{{ short_name }}.{% endif %} Место нахождения Фонда: {{ org.location }}."
        ),
        P(
            "1.4. Имущество, переданное Фонду учредителями, является собственностью Фонда. Учредители не отвечают "
            "по обязательствам Фонда, а Фонд не отвечает по обязательствам учредителей. Фонд создаётся без "
            "ограничения срока деятельности."
        ),
        P(
            "1.5. Фонд ежегодно публикует отчёты об использовании своего имущества "
            "(пункт 3 статьи 7 Федерального закона «О некоммерческих организациях»)."
        ),
        Heading("2. Цели и предмет деятельности"),
        P("2.1. Целями деятельности Фонда являются:"),
        For("g in goals|lines", Bullet("{{ g }};")),
        P("2.2. Для достижения целей Фонд осуществляет следующие виды деятельности:"),
        For("a in activities|lines", Bullet("{{ a }};")),
        P(
            "2.3. Фонд осуществляет социально ориентированную деятельность{% if activity_areas %}, предусмотренную "
            "статьёй 31.1 Федерального закона «О некоммерческих организациях»: "
            "{{ activity_areas|labels|join('; ') }}{% endif %}."
        ),
        P(
            "2.4. Фонд вправе заниматься приносящей доход деятельностью, необходимой для достижения уставных "
            "целей и соответствующей им, в том числе создавать для этого хозяйственные общества или участвовать "
            "в них{% if income_activities %}: {{ income_activities|lines|join('; ') }}{% endif %}."
        ),
        Heading("3. Органы Фонда"),
        P(
            "3.1. Органами Фонда являются: высший коллегиальный орган — Совет Фонда; единоличный исполнительный "
            "орган — {{ director_title }}; орган надзора — Попечительский совет."
        ),
        P(
            "3.2. Совет Фонда формируется учредителями{% if sole_founder %} (единственным учредителем){% endif %} "
            "и в дальнейшем пополняется по своему решению. К исключительной компетенции Совета Фонда относятся: "
            "изменение Устава (за исключением случаев, когда изменение допускается только по решению суда); "
            "определение приоритетных направлений деятельности и принципов использования имущества; назначение "
            "{{ director_title|case('gent')|lower }} и досрочное прекращение его полномочий; формирование "
            "Попечительского совета; утверждение годового отчёта и бухгалтерской (финансовой) отчётности; "
            "создание филиалов и открытие представительств; реорганизация Фонда. Решения по этим вопросам "
            "принимаются единогласно."
        ),
        P(
            "3.3. {{ director_title }} назначается Советом Фонда сроком на {{ director_term_years }} "
            "{{ director_term_years|plural('год', 'года', 'лет') }}, без доверенности действует от имени Фонда, "
            "распоряжается его имуществом в пределах, установленных Советом, заключает договоры, открывает счета, "
            "принимает на работу и увольняет работников."
        ),
        If(
            "delegated_to_director",
            P(
                "3.4. Совет Фонда передаёт к ведению {{ director_title|case('gent')|lower }} также: "
                "{{ delegated_to_director|labels|join('; ') }}."
            ),
        ),
        P(
            "{% if delegated_to_director %}3.5{% else %}3.4{% endif %}. Попечительский совет является органом "
            "надзора за деятельностью Фонда, принятием другими органами Фонда решений и обеспечением их "
            "исполнения, использованием средств Фонда и соблюдением Фондом законодательства. Попечительский "
            "совет формируется Советом Фонда из лиц, пользующихся общественным доверием, сроком на "
            "{{ trustees_term_years }} {{ trustees_term_years|plural('год', 'года', 'лет') }}; его члены "
            "осуществляют свою деятельность на общественных началах (безвозмездно). Работники Фонда и "
            "{{ director_title }} не могут входить в Попечительский совет."
        ),
        Heading("4. Имущество. Изменение Устава. Ликвидация"),
        P(
            "4.1. Имущество Фонда формируется из взносов учредителей, добровольных пожертвований, грантов, доходов "
            "от разрешённой деятельности и других не запрещённых законом поступлений и используется только на "
            "уставные цели."
        ),
        P(
            "4.2. Фонд может быть ликвидирован только по решению суда по заявлению заинтересованных лиц. Имущество, "
            "оставшееся после удовлетворения требований кредиторов, направляется на цели, указанные в Уставе."
        ),
    ]
)

DECISION = flatten(
    [
        decision_header("{% if sole_founder %}РЕШЕНИЕ № 1 ЕДИНСТВЕННОГО УЧРЕДИТЕЛЯ{% else %}ПРОТОКОЛ № 1{% endif %}"),
        Center("{% if sole_founder %}о создании фонда{% else %}собрания учредителей фонда{% endif %}"),
        Left("{{ meeting_place }}"),
        Right("{{ decision_date|date_long }}"),
        P("{% if sole_founder %}Учредитель:{% else %}Присутствовали учредители (все):{% endif %}"),
        For(
            "f in founders",
            If(
                "f.is_individual",
                Bullet("{{ f.person.full_name }}, паспорт {{ f.person.passport }};"),
                otherwise=[
                    Bullet(
                        "{{ f.organization.full_name }} (ОГРН {{ f.organization.ogrn }}) в лице "
                        "{{ f.organization.head_name }} (основание полномочий: {{ f.organization.authority }});"
                    )
                ],
            ),
        ),
        If(
            "not sole_founder",
            P(
                "Собрание правомочно. Председатель собрания — {{ meeting_chair }}, секретарь — "
                "{{ meeting_secretary }} (избраны единогласно)."
            ),
        ),
        P("{% if sole_founder %}Решено:{% else %}Рассмотрев вопросы повестки дня, собрание решило:{% endif %}"),
        P("1. Учредить {{ org.full_name|case('accs') }} (далее — Фонд).", indent=False),
        If("not sole_founder", votes()),
        P("2. Утвердить Устав Фонда.", indent=False),
        If("not sole_founder", votes()),
        P("3. Сформировать Совет Фонда в составе:", indent=False),
        For("m in council_members", Bullet("{{ m.name }};")),
        If("not sole_founder", votes()),
        P(
            "4. Сформировать Попечительский совет сроком на {{ trustees_term_years }} "
            "{{ trustees_term_years|plural('год', 'года', 'лет') }} в составе:",
            indent=False,
        ),
        For("t in trustees", Bullet("{{ t.name }}{% if t.position %}, {{ t.position }}{% endif %};")),
        If("not sole_founder", votes()),
        P(
            "5. Назначить на должность {{ director_title|case('gent')|lower }} Фонда сроком на "
            "{{ director_term_years }} {{ director_term_years|plural('год', 'года', 'лет') }}: {{ director.full_name }}.",
            indent=False,
        ),
        If("not sole_founder", votes()),
        P("6. Определить адрес постоянно действующего исполнительного органа: {{ address.full }}.", indent=False),
        If("not sole_founder", votes()),
        P(
            "7. Уполномочить на подачу документов для государственной регистрации Фонда в {{ minjust_office }} "
            "заявителя — {{ applicant.full_name }}.",
            indent=False,
        ),
        If("not sole_founder", votes()),
        If(
            "sole_founder",
            Signature("Учредитель", "{{ founders[0].name }}"),
            otherwise=[
                Signature("Председатель собрания", "{{ meeting_chair }}"),
                Signature("Секретарь собрания", "{{ meeting_secretary }}"),
            ],
        ),
    ]
)

BODIES = [
    Q("council_members", "group", "Члены Совета Фонда (высшего коллегиального органа)",
      children=[Q("name", "text", "Фамилия, имя, отчество")], min_items=1, basis="ГК РФ ст. 123.19; 7-ФЗ ст. 7",
      options={"item_label": "Член Совета", "add_label": "Добавить члена Совета"}),
    Q("trustees", "group", "Члены Попечительского совета",
      children=[Q("name", "text", "Фамилия, имя, отчество"),
                Q("position", "text", "Место работы, должность", required=False)],
      required=False, basis="ГК РФ ст. 123.19 п. 4; 7-ФЗ ст. 7 п. 4",
      help="Попечительский совет обязателен: он надзирает за фондом и работает на общественных началах. Обычно — "
      "не менее трёх человек; работники фонда в него не входят.",
      options={"item_label": "Попечитель", "add_label": "Добавить попечителя"}),
    Q("trustees_term_years", "number", "Срок полномочий Попечительского совета, лет",
      options={"min": 1, "max": 10, "default": 5}),
]  # fmt: skip

PACKAGE = PackageSpec(
    slug="fund-registration",
    title="Регистрация фонда",
    description="Пакет для Минюста: устав фонда с попечительским советом, решение или протокол о создании с "
    "формированием органов, сведения об учредителях, лист для Р11001, документ об адресе, памятка о пошлине, "
    "опись и сроки. Фонд может создать один учредитель; ликвидируется только по решению суда.",
    kind="registration",
    legal_basis="ГК РФ ст. 123.17–123.20; 7-ФЗ ст. 7, 13.1, 14, 15; 135-ФЗ (для благотворительных фондов)",
    order=30,
    constants={"legal_form": "fund"},
    rules=REGISTRATION_RULES,
    steps=registration_steps(
        organization=name_questions("«Благотворительный фонд помощи семьям «Опора семьи»»") + purpose_questions(),
        founders=[
            founders_question(form_help="Фонд может учредить один гражданин или организация; учредители не "
            "получают прав на переданное фонду имущество."),
            founders_checked_question(),
        ],
        decision=meeting_questions(),
        bodies=BODIES,
        bodies_title="Совет и попечительский совет",
        director=director_questions(DIRECTOR_TITLES, basis="ГК РФ ст. 123.19; 7-ФЗ ст. 7"),
    ),
    documents=[
        DocSpec("Устав", "Устав", CHARTER, copies=3, note="Прошить и пронумеровать; 3 экз. на бумаге."),
        DocSpec("Решение о создании фонда", "Решение о создании", DECISION, copies=2),
        founders_info(legal_basis="7-ФЗ ст. 13.1"),
        r11001_sheet(okopf_title="Фонд (ОКОПФ 70400)"),
        guarantee_letter(),
        residential_consent(),
        name_consent(),
        duty_note(),
        checklist(title="Государственная регистрация фонда"),
    ],
)  # fmt: skip
