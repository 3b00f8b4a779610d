"""Legal checks across answers (FACTS §9): each rule has a severity, a legal basis and a date.

A rule reads answers by the keys the shipped questionnaires use (legal_form, founders,
full_name, decision_date, filing_date, route, …) and stays silent when its keys are absent, so
an editor's package switches a rule on in the form builder only where it makes sense.
"""

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from konstruktor.documents.questionnaire import is_blank
from konstruktor.documents.reference import (
    COMMON_OKVED,
    DELEGABLE_COMPETENCE,
    EXCLUSIVE_COMPETENCE,
    LEGAL_FORMS,
    LICENSED_ACTIVITY_STEMS,
    OKVED_RE,
    TERRITORY_PREFIX,
    LegalFormInfo,
    normalize,
)
from konstruktor.documents.timeline import add_months, registration_timeline
from konstruktor.documents.validation.base import Problem, Rule, RuleContext, Severity, parse_date, rule
from konstruktor.documents.validation.fields import add_years, is_russian_citizen

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
D = datetime.date
FORMS, NAME, PROTOCOL, CHARTER, APPLICATION, DUTY, TIMELINE, OTHER = (
    "Учредители",
    "Наименование",
    "Решение о создании",
    "Устав",
    "Заявление Р11001",
    "Госпошлина и адрес",
    "Сроки",
    "Статусы, реестры, отчётность",
)


def _form(ctx: RuleContext) -> LegalFormInfo | None:
    return LEGAL_FORMS.get(str(ctx.get("legal_form") or ""))


def person_name(person: Mapping[str, Any] | None) -> str:
    if not isinstance(person, Mapping):
        return ""
    return " ".join(str(person.get(k) or "").strip() for k in ("last_name", "first_name", "middle_name")).strip()


def founder_name(founder: Mapping[str, Any]) -> str:
    if founder.get("type") == "legal":
        org = founder.get("organization")
        return str(org.get("full_name") or "") if isinstance(org, Mapping) else ""
    return person_name(founder.get("person"))


def _individuals(ctx: RuleContext) -> list[tuple[int, dict[str, Any]]]:
    return [(i, f) for i, f in enumerate(ctx.items("founders")) if f.get("type", "individual") != "legal"]


def _legal(ctx: RuleContext) -> list[tuple[int, dict[str, Any]]]:
    return [(i, f) for i, f in enumerate(ctx.items("founders")) if f.get("type") == "legal"]


def _lower_first(text: str) -> str:
    """«Решение Минюста» → «решение Минюста»; «ФНС сообщает» stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _same_person(a: str, b: str) -> bool:
    return bool(a) and normalize(a) == normalize(b)


# --- founders ----------------------------------------------------------------------------------


@rule(
    "F1",
    E,
    title="Минимальное число учредителей",
    legal_basis="ГК РФ ст. 123.4, 123.17, 123.24; 82-ФЗ ст. 18; 7-ФЗ ст. 10, 15",
    valid_from=D(2014, 9, 1),
    explanation="АНО и фонд могут быть созданы одним учредителем, ассоциация — не менее чем двумя, "
    "общественная организация — не менее чем тремя гражданами (юридические лица — общественные "
    "объединения — считаются сверх этого минимума).",
    group=FORMS,
)
def founders_minimum(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    if form is None or not ctx.has_question("founders"):
        return
    counted = len(_individuals(ctx)) if form.individuals_only_count else len(ctx.items("founders"))
    if counted < form.min_founders:
        who = "граждан" if form.individuals_only_count else "учредителей"
        yield r.problem(
            "founders",
            f"Для формы «{form.title}» нужно не менее {form.min_founders} {who}-учредителей, указано {counted}. "
            "Добавьте учредителей или выберите другую организационно-правовую форму (например, АНО).",
        )


@rule(
    "F2",
    E,
    title="Кто может быть учредителем общественного объединения",
    legal_basis="82-ФЗ ст. 19",
    valid_from=D(1995, 5, 19),
    explanation="Учредителями общественной организации могут быть граждане, достигшие 18 лет (молодёжного "
    "объединения — 14 лет), и юридические лица — только общественные объединения.",
    group=FORMS,
)
def founders_types(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    if form is None or form.code != "oo":
        return
    decision = ctx.date("decision_date") or ctx.on
    min_age = 14 if ctx.get("youth_association") is True else 18
    for index, founder in _individuals(ctx):
        person = founder.get("person") or {}
        birth = parse_date(person.get("birth_date")) if isinstance(person, Mapping) else None
        if birth and add_years(birth, min_age) > decision:
            yield r.problem(
                f"founders.{index}.person.birth_date",
                f"На дату решения о создании учредителю {person_name(person) or f'№ {index + 1}'} нет {min_age} лет.",
            )
    for index, founder in _legal(ctx):
        if founder.get("is_public_association") is not True:
            yield r.problem(
                f"founders.{index}.is_public_association",
                "Юридическое лицо может учредить общественную организацию, только если само является "
                "общественным объединением.",
            )


@rule(
    "F4",
    W,
    title="Проверка учредителей по спискам",
    legal_basis="7-ФЗ ст. 15 п. 1.2; 82-ФЗ ст. 19",
    valid_from=D(2012, 11, 21),
    explanation="Не может быть учредителем иностранный гражданин, пребывание которого признано "
    "нежелательным, лицо из перечня Росфинмониторинга (экстремизм, терроризм), нежелательная "
    "организация; иностранные граждане должны законно находиться в РФ.",
    group=FORMS,
)
def founders_lists(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.has_question("founders_checked") and ctx.get("founders_checked") is not True:
        yield r.problem(
            "founders_checked",
            "Проверьте учредителей по перечню Росфинмониторинга (fedsfm.ru) и по перечню нежелательных "
            "организаций (minjust.gov.ru) и отметьте проверку.",
        )
    for index, founder in _individuals(ctx):
        person = founder.get("person")
        if isinstance(person, Mapping) and not is_blank(person.get("citizenship")) and not is_russian_citizen(person):
            yield r.problem(
                f"founders.{index}.person.citizenship",
                f"Учредитель {person_name(person)} — иностранный гражданин: приложите документ, подтверждающий "
                "законное пребывание в РФ, и проверьте, что его пребывание не признано нежелательным.",
            )


@rule(
    "F5",
    E,
    title="Заявитель — допустимое лицо",
    legal_basis="129-ФЗ ст. 9 п. 1.3",
    valid_from=D(2014, 1, 1),
    explanation="Заявление Р11001 подписывает руководитель постоянно действующего исполнительного органа, "
    "учредитель-гражданин или руководитель учредителя — юридического лица.",
    group=FORMS,
)
def applicant_allowed(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    role = ctx.get("applicant_role")
    if not role:
        return
    if role == "other":
        yield r.problem(
            "applicant_role",
            "Иное лицо не может быть заявителем при создании НКО: выберите руководителя или учредителя.",
        )
        return
    name = person_name(ctx.get("applicant"))
    if role == "founder" and name and not any(_same_person(name, founder_name(f)) for _, f in _individuals(ctx)):
        yield r.problem("applicant", f"Заявитель {name} не указан среди учредителей-граждан.")
    if role == "founder_head" and name:
        heads = [str((f.get("organization") or {}).get("head_name") or "") for _, f in _legal(ctx)]
        if not any(_same_person(name, head) for head in heads):
            yield r.problem("applicant", f"Заявитель {name} не указан руководителем ни одного учредителя-организации.")


# --- name ----------------------------------------------------------------------------------------

_QUOTED = re.compile(r"[«\"“„][^»\"”“]*[»\"”]")


@rule(
    "N1",
    E,
    title="Наименование содержит организационно-правовую форму",
    legal_basis="ГК РФ ст. 54 п. 1; 7-ФЗ ст. 4 п. 1; 82-ФЗ ст. 14",
    valid_from=D(1996, 1, 12),
    explanation="Полное наименование включает организационно-правовую форму, совпадающую с выбранной: "
    "«Автономная некоммерческая организация», «Фонд», «… общественная организация».",
    group=NAME,
)
def name_has_form(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    name = normalize(ctx.get("full_name") or "")
    if form is None or not name:
        return
    if not form.name_pattern.search(name):
        yield r.problem("full_name", f"В полном наименовании нет слов «{form.title}».")
    unquoted = _QUOTED.sub(" ", name)
    for other in LEGAL_FORMS.values():
        if other.code not in (form.code, "fund") and other.name_pattern.search(unquoted):
            yield r.problem(
                "full_name", f"Наименование указывает на другую форму — «{other.title}», а выбрана «{form.title}»."
            )


@rule(
    "N2",
    W,
    title="Наименование указывает на характер деятельности",
    legal_basis="ГК РФ ст. 54 п. 1; 7-ФЗ ст. 4 п. 1",
    valid_from=D(1996, 1, 12),
    explanation="Наименование НКО должно указывать на характер её деятельности, например «… поддержки "
    "семей с детьми-инвалидами "
    "«Особое детство»».",
    group=NAME,
)
def name_has_characteristic(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    name = normalize(ctx.get("full_name") or "")
    if form is None or not name:
        return
    rest = _QUOTED.sub(" ", name)
    rest = form.name_pattern.sub(" ", rest)
    for stem, _ in TERRITORY_PREFIX.values():
        rest = re.sub(rf"\b{stem}\w*", " ", rest)
    words = [w for w in re.findall(r"[а-я]+", rest) if len(w) > 2]
    if len(words) < 2:
        yield r.problem(
            "full_name",
            "Добавьте в наименование характер деятельности, например «социальной поддержки пожилых людей».",
        )


@rule(
    "N3",
    E,
    title="Полное наименование на русском языке",
    legal_basis="ГК РФ ст. 54 п. 1; 7-ФЗ ст. 4 п. 1",
    valid_from=D(1996, 1, 12),
    explanation="Полное наименование указывается на русском языке; латинские буквы в нём недопустимы "
    "(наименование на иностранном языке указывается отдельно).",
    group=NAME,
)
def name_is_russian(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    for key in ("full_name", "short_name"):
        value = str(ctx.get(key) or "")
        latin = sorted(set(re.findall(r"[A-Za-z]", value)))
        if latin:
            yield r.problem(key, f"В наименовании латинские буквы: {''.join(latin)}. Запишите его кириллицей.")


@rule(
    "N4",
    W,
    title="Слова «Россия», «российский», «федеральный»",
    legal_basis="7-ФЗ ст. 4 п. 1; Постановление Правительства РФ от 24.01.2011 № 52 (ред. проверить)",
    valid_from=D(2011, 1, 24),
    explanation="Слова «Россия», «Российская Федерация» и образованные от них, а также официальные символы "
    "используются в наименовании только с разрешения в порядке, установленном Правительством РФ.",
    group=NAME,
)
def name_russia_words(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    name = normalize(ctx.get("full_name") or "")
    if name and (
        re.search(r"росси|российск|федеральн|\bрф\b", name) or "russia_words" in (ctx.get("name_special") or [])
    ):
        yield r.problem(
            "full_name",
            "В наименовании есть «Россия», «российский» или «федеральный»: нужно разрешение на использование "
            "этих слов, иначе возможен отказ.",
        )


@rule(
    "N5",
    E,
    title="Имя гражданина, товарный знак, наименование другого юрлица",
    legal_basis="7-ФЗ ст. 13.1 п. 5; ГК РФ ст. 1473, 1477",
    valid_from=D(2006, 4, 18),
    explanation="Если наименование использует имя гражданина, охраняемый символ или полное наименование "
    "другого юридического лица, в пакет включается документ о праве на их использование.",
    group=NAME,
)
def name_rights(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    special = [s for s in (ctx.get("name_special") or []) if s != "russia_words"]
    name = normalize(ctx.get("full_name") or "")
    if special and is_blank(ctx.get("name_rights_document")):
        yield r.problem(
            "name_rights_document",
            "Наименование использует имя гражданина, товарный знак или наименование другой организации — "
            "укажите документ о праве на использование (согласие, лицензионный договор).",
        )
    elif name and re.search(r"\bимени\b", name) and not special:
        yield r.problem(
            "name_special",
            "В наименовании есть «имени …»: отметьте, что используется имя гражданина, и приложите согласие.",
            severity=W,
        )


@rule(
    "N6",
    E,
    title="«Благотворительный» — только в допустимых формах",
    legal_basis="135-ФЗ ст. 7; ГК РФ ст. 54",
    valid_from=D(1995, 8, 11),
    explanation="Благотворительная организация создаётся в форме общественной организации, фонда, "
    "учреждения и других формах, прямо предусмотренных законом для благотворительных организаций; "
    "«благотворительная АНО» Минюстом не регистрируется.",
    group=NAME,
)
def name_charity(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    name = normalize(ctx.get("full_name") or "")
    if form is None or "благотворительн" not in name:
        return
    if form.code == "ano":
        yield r.problem(
            "full_name",
            "Слово «благотворительная» недопустимо в наименовании АНО: уберите его или выберите форму фонда "
            "или общественной организации.",
        )
    elif not form.charity_allowed:
        yield r.problem(
            "full_name",
            f"Проверьте, допускает ли 135-ФЗ форму «{form.title}» для благотворительной организации.",
            severity=W,
        )


@rule(
    "N7",
    E,
    title="Территориальный статус в наименовании",
    legal_basis="82-ФЗ ст. 14",
    valid_from=D(1995, 5, 19),
    explanation="Наименование общественного объединения отражает его территориальную сферу: региональная "
    "(в пределах субъекта РФ) или местная (в пределах муниципального образования).",
    group=NAME,
)
def name_territory(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    territory = ctx.get("territory")
    name = normalize(ctx.get("full_name") or "")
    if form is None or form.code != "oo" or not territory or not name:
        return
    stem, word = TERRITORY_PREFIX.get(str(territory), ("", ""))
    if stem and not re.search(rf"(^|\s){stem}", name):
        yield r.problem(
            "full_name", f"Объединение с выбранной территорией должно называться «{word} общественная организация …»."
        )
    for other, (other_stem, other_word) in TERRITORY_PREFIX.items():
        if (
            other != territory
            and re.search(rf"(^|\s){other_stem}", name)
            and not (other == "regional" and territory == "interregional")
        ):
            yield r.problem(
                "full_name", f"В наименовании «{other_word}», а выбранная территория деятельности — другая."
            )


@rule(
    "N8",
    W,
    title="Возможное совпадение наименования",
    legal_basis="7-ФЗ ст. 23.1 п. 1; 82-ФЗ ст. 23",
    valid_from=D(2006, 4, 18),
    explanation="Минюст отказывает, если организация с тем же наименованием уже зарегистрирована. Платформа "
    "сверяет наименование с реестром своих организаций; проверьте также ЕГРЮЛ (egrul.nalog.ru).",
    group=NAME,
)
def name_duplicate(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    duplicates = ctx.extra.get("name_duplicates") or []
    if duplicates:
        yield r.problem("full_name", f"В реестре платформы уже есть организация «{duplicates[0]}».")


# --- decision / protocol --------------------------------------------------------------------------


@rule(
    "P1",
    E,
    title="Подача не позднее трёх месяцев после решения о создании",
    legal_basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
    valid_from=D(2006, 4, 18),
    explanation="Документы представляются в Минюст не позднее трёх месяцев со дня принятия решения о "
    "создании; дата подачи не может быть раньше решения.",
    group=PROTOCOL,
)
def filing_within_deadline(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    decision, filing = ctx.date("decision_date"), ctx.date("filing_date")
    if decision is None or filing is None:
        return
    months = int(ctx.params.get("filing_deadline_months", 3))
    deadline = add_months(decision, months)
    if filing < decision:
        yield r.problem("filing_date", "Дата подачи раньше даты решения о создании.")
    elif filing > deadline:
        yield r.problem(
            "filing_date",
            f"Подача {filing:%d.%m.%Y} позже {months} месяцев после решения от {decision:%d.%m.%Y} "
            f"(последний день — {deadline:%d.%m.%Y}). Проведите собрание заново или перенесите подачу.",
        )


@rule(
    "P2",
    E,
    title="Содержание протокола (решения) о создании",
    legal_basis="ГК РФ ст. 50.1, 181.2; 7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
    valid_from=D(2014, 9, 1),
    explanation="Протокол фиксирует решения о создании, утверждении устава, формировании органов "
    "(для общественной организации — и контрольно-ревизионного органа), адрес постоянно действующего "
    "органа, итоги голосования по каждому вопросу; его подписывают председатель и секретарь собрания. "
    "При одном учредителе оформляется решение единственного учредителя.",
    group=PROTOCOL,
)
def protocol_content(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    founders = ctx.items("founders")
    if not ctx.has_question("founders"):
        return
    if len(founders) > 1 and ctx.has_question("meeting_chair"):
        chair, secretary = str(ctx.get("meeting_chair") or ""), str(ctx.get("meeting_secretary") or "")
        if not chair.strip():
            yield r.problem("meeting_chair", "Укажите председателя учредительного собрания: он подписывает протокол.")
        if not secretary.strip():
            yield r.problem("meeting_secretary", "Укажите секретаря учредительного собрания: он подписывает протокол.")
        names = [founder_name(f) for f in founders] + [
            str((f.get("organization") or {}).get("head_name") or "") for f in founders if f.get("type") == "legal"
        ]
        for key, value in (("meeting_chair", chair), ("meeting_secretary", secretary)):
            if value.strip() and not any(_same_person(value, n) for n in names):
                yield r.problem(key, f"{value} не указан среди учредителей или их представителей.", severity=W)
        if chair.strip() and _same_person(chair, secretary):
            yield r.problem("meeting_secretary", "Председатель и секретарь собрания — разные лица.", severity=W)
    if ctx.has_question("director") and is_blank(ctx.get("director")):
        yield r.problem("director", "Решение о создании должно назначить (избрать) единоличный исполнительный орган.")
    if ctx.has_question("address") and is_blank(ctx.get("address")):
        yield r.problem("address", "Решение о создании указывает адрес постоянно действующего органа.")
    form = _form(ctx)
    if form is not None and form.code == "oo" and ctx.has_question("board_members") and not ctx.items("board_members"):
        yield r.problem(
            "board_members", "Собрание должно избрать постоянно действующий руководящий орган (совет, правление)."
        )


@rule(
    "P3",
    INFO,
    title="Число экземпляров при подаче на бумаге",
    legal_basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
    valid_from=D(2006, 4, 18),
    explanation="На бумаге подаются: устав — 3 экземпляра, решение (протокол) о создании — 2, сведения об "
    "учредителях — 2, заявление Р11001 и документ об уплате пошлины — по одному.",
    group=PROTOCOL,
)
def paper_copies(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.get("route") == "paper":
        yield r.problem(
            "route",
            "Подготовьте: устав — 3 экз. (прошить, пронумеровать), решение о создании — 2 экз., "
            "сведения об учредителях — 2 экз., заявление Р11001 и квитанцию — по 1 экз.",
        )


# --- charter ---------------------------------------------------------------------------------------


@rule(
    "C1",
    E,
    title="Обязательные сведения устава",
    legal_basis="ГК РФ ст. 52; 7-ФЗ ст. 14 п. 3; 82-ФЗ ст. 20 (ред. 2023 г.)",
    valid_from=D(2023, 7, 11),
    explanation="Устав содержит наименование, место нахождения, порядок управления, предмет и цели "
    "деятельности; для членских организаций — права и обязанности членов, порядок вступления и выхода. "
    "С 2023 г. источники имущества, порядок изменения устава, филиалы и реорганизация не обязательны.",
    group=CHARTER,
)
def charter_required(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if _form(ctx) is None:
        return
    for key, what in (
        ("goals", "цели деятельности"),
        ("activities", "предмет (виды) деятельности"),
        ("location", "место нахождения"),
    ):
        if ctx.has_question(key) and is_blank(ctx.get(key)):
            yield r.problem(key, f"В уставе должны быть указаны {what}.")


@rule(
    "C2",
    E,
    title="Исключительная компетенция высшего органа",
    legal_basis="7-ФЗ ст. 29 п. 3; ГК РФ ст. 65.3 п. 2",
    valid_from=D(2014, 9, 1),
    explanation="Изменение устава, приоритетные направления, образование органов, утверждение годового "
    "отчёта, реорганизация и ликвидация относятся к исключительной компетенции высшего органа и не "
    "передаются директору.",
    group=CHARTER,
)
def charter_exclusive_competence(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    chosen = [c for c in (ctx.get("delegated_to_director") or []) if c in EXCLUSIVE_COMPETENCE]
    if chosen:
        items = "; ".join(EXCLUSIVE_COMPETENCE[c] for c in chosen)
        yield r.problem("delegated_to_director", f"Нельзя передать исполнительному органу: {items}.")


@rule(
    "C3",
    E,
    title="Сроки полномочий выборных органов",
    legal_basis="82-ФЗ ст. 20",
    valid_from=D(1995, 5, 19),
    explanation="Устав общественного объединения указывает сроки полномочий руководящих и "
    "контрольно-ревизионного органов.",
    group=CHARTER,
)
def charter_terms(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    if form is None or form.law != "82-ФЗ":
        return
    for key, body in (
        ("board_term_years", "постоянно действующего руководящего органа"),
        ("director_term_years", "единоличного исполнительного органа"),
        ("audit_term_years", "контрольно-ревизионного органа"),
    ):
        if not ctx.has_question(key):
            continue
        value = ctx.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            yield r.problem(key, f"Укажите срок полномочий {body} в годах.")
        elif value > 10:
            yield r.problem(
                key, f"Срок полномочий {body} — {value:g} лет: проверьте, обычно не более 5 лет.", severity=W
            )


@rule(
    "C4",
    E,
    title="Органы, обязательные для формы",
    legal_basis="ГК РФ ст. 123.7, 123.19, 123.25; 7-ФЗ ст. 7, 10; 82-ФЗ ст. 20",
    valid_from=D(2014, 9, 1),
    explanation="Фонд обязан иметь попечительский совет; общественная организация — контрольно-ревизионный "
    "орган и правила членства; АНО — высший коллегиальный орган и единоличный исполнительный орган, "
    "учредители осуществляют надзор за её деятельностью.",
    group=CHARTER,
)
def charter_form_bodies(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    if form is None:
        return
    if form.code == "fund" and ctx.has_question("trustees"):
        trustees = ctx.items("trustees")
        if not trustees:
            yield r.problem(
                "trustees",
                "У фонда должен быть попечительский совет: укажите его членов (он надзирает за деятельностью фонда).",
            )
        elif len(trustees) < 3:
            yield r.problem("trustees", "В попечительском совете обычно не менее трёх членов.", severity=W)
    if form.code == "oo" and ctx.has_question("audit_members"):
        members = ctx.items("audit_members")
        if not members:
            yield r.problem(
                "audit_members", "Изберите контрольно-ревизионный орган: ревизионную комиссию или ревизора."
            )
        elif ctx.get("audit_form") == "commission" and len(members) < 3:
            yield r.problem("audit_members", "В ревизионной комиссии обычно не менее трёх членов.", severity=W)
        director = person_name(ctx.get("director"))
        for index, member in enumerate(members):
            if _same_person(director, str(member.get("name") or "")):
                yield r.problem(
                    f"audit_members.{index}.name", "Руководитель организации не может входить в ревизионную комиссию."
                )
    if form.code == "ano" and ctx.has_question("supreme_body_title") and is_blank(ctx.get("supreme_body_title")):
        yield r.problem("supreme_body_title", "У АНО должен быть высший коллегиальный орган управления.")


@rule(
    "C5",
    W,
    title="Деятельность служит целям; лицензии; приносящая доход деятельность",
    legal_basis="ГК РФ ст. 50 п. 4–5; 7-ФЗ ст. 24; 99-ФЗ ст. 12",
    valid_from=D(2014, 9, 1),
    explanation="Приносящая доход деятельность допустима, лишь поскольку служит уставным целям, и должна "
    "быть указана в уставе; для неё нужно имущество рыночной стоимостью не менее минимального уставного "
    "капитала ООО. Лицензируемые виды деятельности ведутся только после получения лицензии.",
    group=CHARTER,
)
def charter_activities(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    activities = normalize(" ".join(str(ctx.get(k) or "") for k in ("activities", "income_activities")))
    licensed = sorted({label for stem, label in LICENSED_ACTIVITY_STEMS.items() if stem in activities})
    if licensed:
        yield r.problem("activities", "Потребуется лицензия: " + "; ".join(licensed) + ".")
    if not is_blank(ctx.get("income_activities")):
        minimum = ctx.params.get("min_property_income_activity_rub", 10000)
        yield r.problem(
            "income_activities",
            f"Для приносящей доход деятельности нужно имущество рыночной стоимостью не менее {rub(minimum)} ₽, "
            "а доход направляется только на уставные цели.",
        )


@rule(
    "C6",
    INFO,
    title="Готовность к статусу СОНКО",
    legal_basis="7-ФЗ ст. 2 п. 2.1, ст. 31.1 п. 1",
    valid_from=D(2010, 4, 5),
    explanation="Поддержку СОНКО получает НКО, в уставе которой есть хотя бы один вид деятельности из "
    "ст. 31.1 7-ФЗ или регионального перечня.",
    group=CHARTER,
)
def charter_sonko(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.has_question("activity_areas") and not ctx.get("activity_areas"):
        yield r.problem(
            "activity_areas",
            "Отметьте виды социально ориентированной деятельности: без них организация не сможет претендовать "
            "на поддержку СОНКО.",
        )


@rule(
    "C7",
    W,
    title="Место нахождения в уставе — только населённый пункт",
    legal_basis="ГК РФ ст. 54 п. 2",
    valid_from=D(2014, 9, 1),
    explanation="В уставе указывается населённый пункт (муниципальное образование); полный адрес "
    "указывается только в заявлении Р11001 и в ЕГРЮЛ — тогда смена офиса не требует изменения устава.",
    group=CHARTER,
)
def charter_location(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    location = normalize(ctx.get("location") or "")
    if location and re.search(r"\bул\.|улиц|проспект|\bд\.\s*\d|\bдом\b|\bкв\.|офис|\b\d{6}\b", location):
        yield r.problem("location", "Укажите в уставе только населённый пункт, например «г. Пермь» — без улицы и дома.")


@rule(
    "C8",
    INFO,
    title="Типовой устав",
    legal_basis="7-ФЗ ст. 14; Приказ Минюста России от 30.06.2023 № 163",
    valid_from=D(2023, 7, 11),
    explanation="НКО (кроме общественных объединений) может действовать на основании типового устава, "
    "утверждённого Минюстом, — тогда собственный устав не составляется.",
    group=CHARTER,
)
def charter_typical(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    form = _form(ctx)
    if form is not None and form.law == "7-ФЗ":
        order = ctx.params.get("typical_charter_order", "Приказ Минюста России от 30.06.2023 № 163")
        yield r.problem(
            "", f"Можно действовать на основании типового устава ({order}); пакет содержит собственный устав."
        )


# --- application Р11001 ---------------------------------------------------------------------------


@rule(
    "A1",
    E,
    title="Действующая форма заявления",
    legal_basis="129-ФЗ ст. 12; Приказ ФНС России об утверждении форм (значение параметра)",
    valid_from=D(2002, 7, 1),
    explanation="Заявление подаётся по форме, действующей на дату подачи; заявления на устаревших бланках "
    "не принимаются. Реквизиты формы хранятся в параметрах с датой вступления в силу.",
    group=APPLICATION,
)
def application_form_version(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if not ctx.has_question("filing_date"):
        return
    if not ctx.params.get("r11001_form_order"):
        yield r.problem(
            "filing_date",
            "На дату подачи не задана действующая форма Р11001: редактор должен указать её в параметрах.",
        )


@rule(
    "A2",
    E,
    title="Коды ОКВЭД",
    legal_basis="ОК 029-2014 (КДЕС Ред. 2); 129-ФЗ ст. 5 п. 1 «п»",
    valid_from=D(2016, 7, 11),
    explanation="Коды ОКВЭД указываются не менее чем четырьмя цифрами по ОК 029-2014; основной код один, "
    "коды должны соответствовать целям из устава.",
    group=APPLICATION,
)
def application_okved(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    main = str(ctx.get("okved_main") or "").strip()
    extra = [line.strip() for line in str(ctx.get("okved_extra") or "").splitlines() if line.strip()]
    if main:
        code = main.split()[0]
        if not OKVED_RE.fullmatch(code) or len(code.replace(".", "")) < 4:
            yield r.problem(
                "okved_main", f"Код «{code}» не похож на код ОКВЭД 2: нужно не менее 4 цифр, например 88.99."
            )
        elif code not in COMMON_OKVED:
            yield r.problem(
                "okved_main", f"Код {code} проверьте по ОК 029-2014: его нет в справочнике платформы.", severity=W
            )
        social = {"31.1-01"} & set(ctx.get("activity_areas") or [])
        if social and not code.startswith(("87", "88")):
            yield r.problem(
                "okved_main", "Для социального обслуживания обычно выбирают коды 88.10, 88.99 или 87.90.", severity=INFO
            )
    main_code = main.split()[0] if main else ""
    for line in extra:
        code = line.split()[0]
        if not OKVED_RE.fullmatch(code) or len(code.replace(".", "")) < 4:
            yield r.problem("okved_extra", f"Дополнительный код «{code}» не похож на код ОКВЭД 2.")
        elif code == main_code:
            yield r.problem("okved_extra", f"Код {code} уже указан как основной.", severity=W)


@rule(
    "A4",
    W,
    title="Нотариальное засвидетельствование и способ подачи",
    legal_basis="129-ФЗ ст. 9 п. 1.2; 7-ФЗ ст. 13.1",
    valid_from=D(2019, 1, 1),
    explanation="При подаче на бумаге подпись заявителя на Р11001 свидетельствуется нотариусом; при подаче "
    "через Госуслуги документы подписываются электронной подписью, нотариус и пошлина не нужны.",
    group=APPLICATION,
)
def application_route(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    route = ctx.get("route")
    if route == "paper":
        yield r.problem("route", "Подпись заявителя на заявлении Р11001 нужно засвидетельствовать у нотариуса.")
    elif route == "gosuslugi":
        yield r.problem(
            "route",
            "Через Госуслуги нужна усиленная квалифицированная электронная подпись заявителя; нотариус и "
            "госпошлина не нужны.",
            severity=INFO,
        )


# --- duty and address ------------------------------------------------------------------------------


def rub(value: Any) -> str:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", "\u00a0")


@rule(
    "D1",
    E,
    title="Госпошлина при подаче на бумаге",
    legal_basis="НК РФ ст. 333.33 п. 1; ст. 333.35 (освобождение при подаче через Госуслуги)",
    valid_from=D(2010, 1, 1),
    explanation="При подаче на бумаге прилагается документ об уплате государственной пошлины; при подаче "
    "через Госуслуги пошлина не уплачивается. Размер пошлины — параметр с датой вступления в силу.",
    group=DUTY,
)
def duty_paid(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.get("route") != "paper" or not ctx.has_question("duty_paid"):
        return
    amount = rub(ctx.params.get("registration_duty_rub", ""))
    if ctx.get("duty_paid") is not True:
        yield r.problem(
            "duty_paid",
            f"Для подачи на бумаге уплатите госпошлину {amount} ₽ и приложите квитанцию — или подайте документы "
            "через Госуслуги без пошлины.",
        )
    elif ctx.has_question("duty_document") and is_blank(ctx.get("duty_document")):
        yield r.problem("duty_document", "Укажите номер и дату платёжного документа об уплате пошлины.")


@rule(
    "AD1",
    W,
    title="Документы об адресе",
    legal_basis="ГК РФ ст. 54 п. 2–3; 129-ФЗ ст. 51 п. 4.2 (недостоверность адреса)",
    valid_from=D(2014, 9, 1),
    explanation="Адрес подтверждают гарантийным письмом собственника с копией документа о праве "
    "собственности или согласием собственника жилого помещения; адрес массовой регистрации ведёт к "
    "проверкам ФНС и исключению из ЕГРЮЛ.",
    group=DUTY,
)
def address_documents(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    basis = ctx.get("address_basis")
    if not basis:
        return
    if is_blank(ctx.get("owner_title_document")):
        yield r.problem(
            "owner_title_document",
            "Укажите документ о праве собственности на помещение (выписка из ЕГРН) и приложите его копию.",
        )
    if basis == "residential":
        yield r.problem(
            "address_basis",
            "Жилое помещение: нужно согласие собственника (и всех сособственников); организация не вправе "
            "занимать его под офис без перевода в нежилой фонд — только адрес для связи.",
        )


# --- timeline ------------------------------------------------------------------------------------


@rule(
    "T1",
    INFO,
    title="Ожидаемые сроки регистрации",
    legal_basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21; 129-ФЗ ст. 8; Приказ Минюста России от 26.09.2022 № 199",
    valid_from=D(2022, 10, 7),
    explanation="Минюст принимает решение в течение 14 рабочих дней (7-ФЗ) или 30 дней (82-ФЗ), ФНС "
    "вносит запись в ЕГРЮЛ в течение 5 рабочих дней, свидетельство выдаётся в течение 3 рабочих дней. "
    "Считается по производственному календарю.",
    group=TIMELINE,
)
def registration_dates(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    filing = ctx.date("filing_date")
    form = _form(ctx)
    if filing is None or form is None:
        return
    steps = ctx.extra.get("timeline")
    if steps is None:
        steps = registration_timeline(
            filing_date=filing, law=form.law, params=ctx.params, decision_date=ctx.date("decision_date")
        )
    text = "; ".join(f"{_lower_first(s.title)} — {s.date:%d.%m.%Y}" for s in steps if s.date >= filing)
    yield r.problem("filing_date", f"Ожидаемые даты: {text}.")


# --- packages beyond registration -----------------------------------------------------------------


@rule(
    "S1",
    E,
    title="Социальное обслуживание в уставе",
    legal_basis="442-ФЗ ст. 25; 7-ФЗ ст. 31.1",
    valid_from=D(2015, 1, 1),
    explanation="В реестр поставщиков социальных услуг включают организацию, устав которой предусматривает "
    "социальное обслуживание, и которая выбрала формы обслуживания и перечень услуг.",
    group=OTHER,
)
def provider_charter(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.has_question("charter_social_services") and ctx.get("charter_social_services") is False:
        yield r.problem(
            "charter_social_services",
            "Сначала внесите социальное обслуживание в устав (и коды ОКВЭД 88.10, 88.99 или 87.90): без этого "
            "в реестр не включат.",
        )
    if ctx.has_question("website_published") and ctx.get("website_published") is not True:
        yield r.problem(
            "website_published",
            "Разместите на сайте сведения по Приказу Минтруда России № 886н (формы обслуживания, перечень и "
            "тарифы услуг, свободные места) и обновляйте их в течение 10 рабочих дней.",
            severity=W,
        )


@rule(
    "I1",
    E,
    title="Условия статуса исполнителя общественно полезных услуг",
    legal_basis="7-ФЗ ст. 2 п. 2.2, ст. 31.4; Постановление Правительства РФ от 26.01.2017 № 89",
    valid_from=D(2017, 1, 1),
    explanation="Статус ИОПУ получает СОНКО, которая не менее года оказывает общественно полезные услуги "
    "надлежащего качества, не является иностранным агентом и не имеет задолженности по налогам и сборам.",
    group=OTHER,
)
def iopu_conditions(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    since = ctx.date("services_since")
    application = ctx.date("application_date") or ctx.on
    if since and add_years(since, 1) > application:
        yield r.problem(
            "services_since",
            f"Услуги оказываются с {since:%d.%m.%Y} — меньше года на дату обращения {application:%d.%m.%Y}.",
        )
    if ctx.get("foreign_agent") is True:
        yield r.problem(
            "foreign_agent", "Иностранный агент не может быть признан исполнителем общественно полезных услуг."
        )
    if ctx.get("tax_arrears") is True:
        yield r.problem("tax_arrears", "Погасите задолженность по налогам и сборам до подачи заявления.")
    if ctx.get("justified_complaints") is True:
        yield r.problem(
            "justified_complaints",
            "Обоснованные жалобы получателей — основание для отрицательного заключения о качестве услуг.",
            severity=W,
        )


@rule(
    "R1",
    W,
    title="Состав и срок отчётности в Минюст",
    legal_basis="7-ФЗ ст. 32 п. 3, 3.1; 82-ФЗ ст. 29",
    valid_from=D(2021, 10, 1),
    explanation="НКО ежегодно, не позднее 15 апреля, представляет отчёты ОН0001 и ОН0002 либо — при "
    "поступлениях менее 3 млн ₽, без иностранных учредителей и иностранных денег — заявление об "
    "упрощённом порядке и информацию о продолжении деятельности.",
    group=OTHER,
)
def report_deadline(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    year = ctx.get("report_year")
    submit = ctx.date("submission_date")
    if not isinstance(year, int | float) or isinstance(year, bool):
        return
    year = int(year)
    if submit and year >= submit.year:
        yield r.problem(
            "report_year", "Отчитываются за прошедший год: отчётный год должен быть раньше года подачи.", severity=E
        )
    deadline_text = str(ctx.params.get("minjust_report_deadline", "15.04"))
    try:
        day, month = (int(part) for part in deadline_text.split(".")[:2])
        deadline = datetime.date(year + 1, month, day)
    except ValueError:
        return
    if submit and submit > deadline:
        yield r.problem(
            "submission_date",
            f"Срок подачи за {year} год — не позднее {deadline:%d.%m.%Y}; за просрочку возможен штраф "
            "(КоАП РФ ст. 19.7) и иск о ликвидации при повторном нарушении.",
        )


@rule(
    "G1",
    E,
    title="Согласие кандидата на обработку персональных данных",
    legal_basis="152-ФЗ ст. 6, 9",
    valid_from=D(2006, 7, 27),
    explanation="Сведения о кандидате в состав рабочей (проектной) группы передаются органу власти только "
    "с его согласия на обработку персональных данных.",
    group=OTHER,
)
def candidate_consent(ctx: RuleContext, r: Rule) -> Iterator[Problem]:
    if ctx.has_question("candidate_consent") and ctx.get("candidate_consent") is not True:
        yield r.problem(
            "candidate_consent",
            "Получите согласие кандидата на обработку персональных данных: без него письмо не отправляют.",
        )


__all__ = ["DELEGABLE_COMPETENCE", "founder_name", "person_name", "rub"]
