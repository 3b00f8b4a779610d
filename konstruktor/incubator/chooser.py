"""The legal-form chooser: answers of a short questionnaire → a recommended form with reasons.

Pure functions, no database: the rules follow the fact sheet (FACTS.md §1.2, §4, §5) and each
reason names the article it rests on, so a consultant can check it.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

ANO = "ano"
FUND = "fund"
ASSOCIATION = "association"
PUBLIC_ORGANIZATION = "public_organization"
MOVEMENT = "movement"
PRIVATE_INSTITUTION = "private_institution"


@dataclass(frozen=True)
class FormFacts:
    name: str
    okopf: str
    min_founders: int
    bodies: tuple[str, ...]
    basis: str


FORMS: dict[str, FormFacts] = {
    ANO: FormFacts(
        "Автономная некоммерческая организация",
        "71400",
        1,
        (
            "высший коллегиальный орган (общее собрание учредителей, совет или правление — по уставу)",
            "единоличный исполнительный орган (директор)",
        ),
        "ГК РФ ст. 123.24–123.25; 7-ФЗ ст. 10",
    ),
    FUND: FormFacts(
        "Фонд",
        "70400",
        1,
        (
            "высший коллегиальный орган",
            "единоличный исполнительный орган",
            "попечительский совет (обязателен, работает на общественных началах)",
        ),
        "ГК РФ ст. 123.17–123.20; 7-ФЗ ст. 7",
    ),
    ASSOCIATION: FormFacts(
        "Ассоциация (союз)",
        "20600",
        2,
        ("общее собрание членов", "единоличный исполнительный орган", "коллегиальный орган — по желанию"),
        "ГК РФ ст. 123.8–123.11; 7-ФЗ ст. 11",
    ),
    PUBLIC_ORGANIZATION: FormFacts(
        "Общественная организация",
        "20200",
        3,
        (
            "съезд, конференция или общее собрание членов (высший орган)",
            "постоянно действующий выборный коллегиальный руководящий орган",
            "единоличный исполнительный орган",
            "контрольно-ревизионный орган (ревизионная комиссия или ревизор)",
        ),
        "ГК РФ ст. 123.4–123.7; 82-ФЗ ст. 7, 8, 18–20",
    ),
    MOVEMENT: FormFacts(
        "Общественное движение",
        "20200",
        3,
        ("съезд или собрание участников (высший орган)", "постоянно действующий коллегиальный руководящий орган"),
        "ГК РФ ст. 123.4–123.7; 82-ФЗ ст. 9",
    ),
    PRIVATE_INSTITUTION: FormFacts(
        "Частное учреждение",
        "75500",
        1,
        ("руководитель (директор), назначаемый собственником",),
        "ГК РФ ст. 123.21, 123.23; 7-ФЗ ст. 9",
    ),
}


@dataclass(frozen=True)
class Answers:
    founders: int = 1
    wants_members: bool = False
    legal_entity_founders: bool = False
    legal_entity_founders_public: bool = False  # the founding legal entities are public associations
    property_stays_with_founder: bool = False
    fundraising: bool = False  # raising money and giving grants is the main activity
    social_services: bool = False
    wants_provider_442: bool = False
    wants_iopu: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Answers":
        def flag(name: str) -> bool:
            value = data.get(name, False)
            if isinstance(value, str):
                return value.lower() in {"1", "true", "on", "yes", "да"}
            return bool(value)

        try:
            founders = max(1, int(data.get("founders") or 1))
        except (TypeError, ValueError):
            founders = 1
        return cls(
            founders=founders,
            **{f: flag(f) for f in cls.__dataclass_fields__ if f != "founders"},
        )


@dataclass(frozen=True)
class Reason:
    text: str
    legal_basis: str


@dataclass(frozen=True)
class Alternative:
    form: str
    name: str
    why_not: str
    legal_basis: str


@dataclass(frozen=True)
class Recommendation:
    form: str
    name: str
    okopf: str
    reasons: list[Reason]
    min_founders: int
    bodies: list[str]
    alternatives: list[Alternative] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _why_not(form: str, a: Answers) -> tuple[str, str] | None:
    """Why a form does not fit these answers (text, basis), or None when nothing rules it out."""
    facts = FORMS[form]
    if a.founders < facts.min_founders:
        return (
            f"нужно не меньше {facts.min_founders} учредителей, а у группы {a.founders}",
            facts.basis,
        )
    if form in (PUBLIC_ORGANIZATION, MOVEMENT) and a.legal_entity_founders and not a.legal_entity_founders_public:
        return (
            "учредителями общественного объединения могут быть только граждане и общественные объединения",
            "82-ФЗ ст. 6, 19",
        )
    if form in (ANO, FUND, PRIVATE_INSTITUTION, MOVEMENT) and a.wants_members:
        return ("в этой форме нет членства, а группа хочет принимать членов", "ГК РФ ст. 65.1; 82-ФЗ ст. 9")
    if form == PRIVATE_INSTITUTION and a.founders > 1:
        return ("у частного учреждения один собственник-учредитель", "ГК РФ ст. 123.21")
    if form == PRIVATE_INSTITUTION and not a.property_stays_with_founder:
        return (
            "имущество остаётся у собственника, а он несёт субсидиарную ответственность — это нужно, "
            "только если учредитель хочет сохранить имущество за собой",
            "ГК РФ ст. 123.21, 123.23",
        )
    if form == FUND and not a.fundraising:
        return (
            "фонд обязателен для попечительского совета и ежегодного отчёта об имуществе — оправдан для сбора "
            "средств и грантов, а не для оказания услуг",
            "ГК РФ ст. 123.17–123.19; 7-ФЗ ст. 7 п. 3",
        )
    if form == MOVEMENT:
        return ("движение без членства подходит для массовых кампаний, а не для оказания услуг", "82-ФЗ ст. 9")
    if form == ASSOCIATION and not a.wants_members:
        return (
            "ассоциация — объединение членов, которые несут субсидиарную ответственность по её долгам",
            "ГК РФ ст. 123.8, 123.11",
        )
    if form == PUBLIC_ORGANIZATION and not a.wants_members:
        return ("общественная организация строится на членстве; без членов её органы не сформировать", "82-ФЗ ст. 8")
    return None


def _choose(a: Answers) -> tuple[str, list[Reason]]:
    if a.property_stays_with_founder and a.founders == 1 and not a.wants_members:
        return PRIVATE_INSTITUTION, [
            Reason(
                "Учредитель хочет сохранить имущество за собой: учреждение владеет им на праве оперативного "
                "управления, собственник несёт субсидиарную ответственность.",
                "ГК РФ ст. 123.21, 123.23; 7-ФЗ ст. 9",
            )
        ]
    if a.wants_members:
        if a.legal_entity_founders and not a.legal_entity_founders_public:
            return ASSOCIATION, [
                Reason(
                    "Группа хочет членства, а среди учредителей есть юридические лица — это ассоциация (союз): "
                    "членами могут быть граждане и юридические лица.",
                    "ГК РФ ст. 123.8; 7-ФЗ ст. 11",
                ),
                Reason(
                    "Общественной организацией не стать: её учредителями могут быть только граждане и "
                    "общественные объединения.",
                    "82-ФЗ ст. 6, 19",
                ),
            ]
        if a.founders >= 3:
            return PUBLIC_ORGANIZATION, [
                Reason(
                    "Группа хочет принимать членов: общественная организация — членское объединение граждан.",
                    "ГК РФ ст. 123.4; 82-ФЗ ст. 8",
                ),
                Reason("Учредителей не меньше трёх физических лиц.", "82-ФЗ ст. 18"),
            ]
        if a.founders >= 2:
            return ASSOCIATION, [
                Reason(
                    "Группа хочет членства, но учредителей меньше трёх — общественную организацию не создать; "
                    "ассоциация (союз) создаётся двумя учредителями.",
                    "ГК РФ ст. 123.8; 7-ФЗ ст. 11; 82-ФЗ ст. 18",
                )
            ]
    if a.fundraising:
        return FUND, [
            Reason(
                "Основная деятельность — сбор пожертвований и выдача грантов: это фонд, имущество которого "
                "формируется из добровольных взносов.",
                "ГК РФ ст. 123.17; 7-ФЗ ст. 7",
            ),
            Reason(
                "Фонду обязателен попечительский совет, а отчёт об использовании имущества публикуется ежегодно.",
                "ГК РФ ст. 123.19; 7-ФЗ ст. 7 п. 3",
            ),
        ]
    reasons = [
        Reason(
            "Автономную некоммерческую организацию может создать даже один учредитель, членства нет, "
            "управлять ею просто.",
            "ГК РФ ст. 123.24; 7-ФЗ ст. 10",
        )
    ]
    if a.social_services or a.wants_provider_442:
        reasons.append(
            Reason(
                "АНО — обычная форма для поставщика социальных услуг: включение в региональный реестр "
                "поставщиков добровольно и доступно организации любой формы.",
                "442-ФЗ ст. 25",
            )
        )
    if a.wants_members and a.founders < 2:
        reasons.append(
            Reason(
                "Членской организации нужны минимум два (ассоциация) или три (общественная организация) "
                "учредителя; пока учредитель один, подойдёт АНО, а членство можно заменить советом сторонников.",
                "ГК РФ ст. 123.8; 82-ФЗ ст. 18",
            )
        )
    return ANO, reasons


def legal_form_recommend(answers: Answers | dict[str, Any]) -> Recommendation:
    """Recommend a legal form for an initiative group with the reasons and what it will need."""
    a = answers if isinstance(answers, Answers) else Answers.from_data(answers)
    form, reasons = _choose(a)
    facts = FORMS[form]
    notes: list[Reason] = []
    if a.social_services or a.wants_provider_442 or a.wants_iopu:
        notes.append(
            Reason(
                "Впишите социальные услуги в цели и предмет деятельности устава: от этого зависит статус "
                "СОНКО и поддержка.",
                "7-ФЗ ст. 2 п. 2.1, ст. 31.1",
            )
        )
    if a.wants_provider_442:
        notes.append(
            Reason(
                "Для включения в реестр поставщиков социальных услуг подайте заявление в региональный орган "
                "соцзащиты после регистрации.",
                "442-ФЗ ст. 25",
            )
        )
    if a.wants_iopu:
        notes.append(
            Reason(
                "Статус ИОПУ доступен СОНКО любой допустимой формы после года оказания общественно полезных "
                "услуг надлежащего качества; решение принимает Минюст.",
                "7-ФЗ ст. 2 п. 2.2, ст. 31.4",
            )
        )
    alternatives = []
    for other in FORMS:
        if other == form:
            continue
        why = _why_not(other, a)
        if why is not None:
            alternatives.append(Alternative(other, FORMS[other].name, why[0], why[1]))
        else:
            alternatives.append(
                Alternative(other, FORMS[other].name, "возможна, но по ответам подходит хуже", FORMS[other].basis)
            )
    return Recommendation(
        form=form,
        name=facts.name,
        okopf=facts.okopf,
        reasons=reasons,
        min_founders=facts.min_founders,
        bodies=list(facts.bodies),
        alternatives=alternatives,
        notes=notes,
    )
