"""Small legal reference used by the checks and templates (FACTS §1, §3, §4, §6.6).

Amounts, terms and form versions are not here: they are ParameterValue rows with dates of
effect (see parameters.py).
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LegalFormInfo:
    code: str
    title: str  # in the nominative, lower case, as it stands in a name
    law: str  # "7-ФЗ" or "82-ФЗ"
    min_founders: int
    individuals_only_count: bool  # the minimum counts individuals only
    name_pattern: re.Pattern[str]
    basis: str
    charity_allowed: bool
    okopf: str


LEGAL_FORMS: dict[str, LegalFormInfo] = {
    "ano": LegalFormInfo(
        code="ano",
        title="автономная некоммерческая организация",
        law="7-ФЗ",
        min_founders=1,
        individuals_only_count=False,
        name_pattern=re.compile(r"автономн\w* некоммерческ\w* организаци\w*"),
        basis="ГК РФ ст. 123.24; 7-ФЗ ст. 10, 15",
        charity_allowed=False,
        okopf="71400",
    ),
    "fund": LegalFormInfo(
        code="fund",
        title="фонд",
        law="7-ФЗ",
        min_founders=1,
        individuals_only_count=False,
        name_pattern=re.compile(r"\bфонд\w*"),
        basis="ГК РФ ст. 123.17; 7-ФЗ ст. 7, 15",
        charity_allowed=True,
        okopf="70400",
    ),
    "oo": LegalFormInfo(
        code="oo",
        title="общественная организация",
        law="82-ФЗ",
        min_founders=3,
        individuals_only_count=True,
        name_pattern=re.compile(r"общественн\w* организаци\w*"),
        basis="ГК РФ ст. 123.4; 82-ФЗ ст. 8, 18",
        charity_allowed=True,
        okopf="20200",
    ),
    "association": LegalFormInfo(
        code="association",
        title="ассоциация (союз)",
        law="7-ФЗ",
        min_founders=2,
        individuals_only_count=False,
        name_pattern=re.compile(r"\b(ассоциаци\w*|союз\w*)"),
        basis="ГК РФ ст. 123.8; 7-ФЗ ст. 11",
        charity_allowed=False,
        okopf="20600",
    ),
}

TERRITORY_PREFIX = {
    "regional": ("региональн", "региональная"),
    "local": ("местн", "местная"),
    "interregional": ("межрегиональн", "межрегиональная"),
    "all_russian": ("общероссийск", "общероссийская"),
}

# 7-ФЗ ст. 29 п. 3 (exclusive competence of the supreme body) — what a charter may not pass on
# to the executive body. Values are the choices of the `delegated_to_director` question.
EXCLUSIVE_COMPETENCE: dict[str, str] = {
    "charter_change": "изменение устава",
    "priorities": "определение приоритетных направлений деятельности и принципов использования имущества",
    "bodies": "образование исполнительных органов и досрочное прекращение их полномочий",
    "annual_report": "утверждение годового отчёта и годовой бухгалтерской (финансовой) отчётности",
    "reorganization": "реорганизация и ликвидация организации",
}
DELEGABLE_COMPETENCE: dict[str, str] = {
    "transactions": "одобрение сделок в пределах суммы, установленной высшим органом",
    "staff": "утверждение штатного расписания и приём работников",
    "programs": "утверждение программ и проектов в рамках уставных целей",
    "accounts": "открытие банковских счетов",
}

# Activities that need a licence (99-ФЗ ст. 12) — the C5 warning looks for these stems.
LICENSED_ACTIVITY_STEMS: dict[str, str] = {
    "образовательн": "образовательная деятельность (кроме разовых лекций и семинаров без итоговой аттестации)",
    "обучени": "образовательная деятельность (если реализуются образовательные программы)",
    "медицинск": "медицинская деятельность",
    "фармацевт": "фармацевтическая деятельность",
    "перевозк": "перевозка пассажиров",
    "охранн": "частная охранная деятельность",
}

# Codes of ОК 029-2014 (ОКВЭД 2) that NGOs usually choose (FACTS §6.6). The full classifier is
# not shipped: a code outside this list is a warning to check it, not an error.
COMMON_OKVED: dict[str, str] = {
    "58.11": "Издание книг",
    "58.14": "Издание журналов и периодических изданий",
    "72.20": "Научные исследования и разработки в области общественных и гуманитарных наук",
    "85.41": "Образование дополнительное детей и взрослых",
    "85.41.9": "Образование дополнительное детей и взрослых прочее",
    "85.42": "Образование профессиональное дополнительное",
    "86.90": "Деятельность в области медицины прочая",
    "86.90.9": "Деятельность в области медицины прочая, не включённая в другие группировки",
    "87.10": "Деятельность по медицинскому уходу с обеспечением проживания",
    "87.30": "Деятельность по уходу за престарелыми и инвалидами с обеспечением проживания",
    "87.90": "Деятельность по уходу с обеспечением проживания прочая",
    "88.10": "Предоставление социальных услуг без обеспечения проживания престарелым и инвалидам",
    "88.91": "Предоставление услуг по дневному уходу за детьми",
    "88.99": "Предоставление прочих социальных услуг без обеспечения проживания, не включённых в другие группировки",
    "90.01": "Деятельность в области исполнительских искусств",
    "90.04": "Деятельность учреждений культуры и искусства",
    "91.01": "Деятельность библиотек и архивов",
    "91.04": "Деятельность ботанических садов, зоопарков, государственных природных заповедников",
    "93.11": "Деятельность спортивных объектов",
    "93.12": "Деятельность спортивных клубов",
    "93.19": "Деятельность в области спорта прочая",
    "93.29": "Деятельность зрелищно-развлекательная прочая",
    "94.11": "Деятельность объединений коммерческих предприятий и работодателей",
    "94.12": "Деятельность профессиональных членских организаций",
    "94.99": "Деятельность прочих общественных организаций, не включённых в другие группировки",
    "96.09": "Предоставление прочих персональных услуг, не включённых в другие группировки",
}
OKVED_RE = re.compile(r"\d{2}(\.\d{1,2}){0,2}")


def normalize(text: str) -> str:
    return " ".join(str(text or "").lower().replace("ё", "е").split())
