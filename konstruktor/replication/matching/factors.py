"""The published method of matching: factors, weights, scales, and the result shapes (no database)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from konstruktor.practices.models import DecisionCategory, EvidenceFlag, EvidenceLevel

FEMININE = ("очень низкая", "низкая", "средняя", "выше средней", "высокая")
NEUTER = ("очень низкое", "низкое", "среднее", "выше среднего", "высокое")
MASCULINE = ("очень низкий", "низкий", "средний", "выше среднего", "высокий")
PLURAL = ("очень низкие", "низкие", "средние", "выше средних", "высокие")


@dataclass(frozen=True)
class FactorSpec:
    code: str
    name: str
    weight: int  # per cent; the published weights sum to 100
    risk: str
    mitigation: str
    noun: str = ""  # how the explanation names the factor: «высокая потребность»
    levels: tuple[str, ...] = FEMININE

    def level_word(self, score: float) -> str:
        """The adjective of a 1–5 score: ≥4,5 high … <1,5 very low."""
        for threshold, word in zip((4.5, 3.5, 2.5, 1.5), reversed(self.levels[1:]), strict=True):
            if score >= threshold:
                return word
        return self.levels[0]

    def phrase(self, score: float) -> str:
        """«высокая потребность», but «доказанность выше средней»."""
        word = self.level_word(score)
        return f"{self.noun} {word}" if word.startswith("выше") else f"{word} {self.noun}"


FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec(
        "need",
        "Потребность",
        25,
        "Потребность не подтверждена: похожие услуги в территории уже есть или команда оценила потребность низко.",
        "Сверьтесь с работающими НКО: найдите неохваченные группы и договоритесь о партнёрстве, а не о конкуренции; "
        "соберите данные о потребности до стажировки.",
        "потребность",
    ),
    FactorSpec(
        "fit",
        "Соответствие приоритетам",
        15,
        "Практика слабо связана с приоритетами региона или с профилем получателя.",
        "Обсудите с РЦ и органами власти региона, какой региональной программе служит практика, и закрепите это "
        "в плане трансфера; проверьте, что практика продолжает уставную деятельность получателя.",
        "соответствие приоритетам",
        NEUTER,
    ),
    FactorSpec(
        "resources",
        "Ресурсы",
        15,
        "Не хватает ресурсов: кадров, помещения, финансирования.",
        "До стажировки составьте смету и план привлечения ресурсов (грант, субсидия СОНКО, партнёры); "
        "наставник называет минимальный набор ресурсов для запуска.",
        "ресурсы",
        PLURAL,
    ),
    FactorSpec(
        "capacity",
        "Потенциал команды",
        15,
        "У команды получателя мало опыта или поддержки руководства для запуска.",
        "Запланируйте обучение и стажировку на площадке наставника, назначьте ответственного за запуск "
        "и согласуйте поддержку руководства организации.",
        "потенциал команды",
        MASCULINE,
    ),
    FactorSpec(
        "evidence",
        "Доказанность",
        15,
        "Мало данных об эффективности практики.",
        "Начните с пилота на небольшой группе и заложите оценку с замерами до и после, лучше — с группой сравнения.",
        "доказанность",
    ),
    FactorSpec(
        "readiness",
        "Готовность к тиражированию",
        15,
        "Практика не подготовлена к переносу: нет руководства, чек-листа ключевых компонентов или наставника.",
        "Попросите наставника до стажировки подготовить руководство и чек-лист ключевых компонентов; "
        "без них модель при переносе теряется.",
        "готовность к тиражированию",
    ),
)
FACTOR_BY_CODE = {f.code: f for f in FACTORS}
WEIGHTS = {f.code: f.weight for f in FACTORS}
W_NEED, W_FIT, W_EVIDENCE, W_READINESS = WEIGHTS["need"], WEIGHTS["fit"], WEIGHTS["evidence"], WEIGHTS["readiness"]
BLOCKING_AT = 2.0
# Similar organizations in the territory → need (published with the method).
NEED_BANDS: tuple[tuple[int, int], ...] = ((0, 5), (1, 4), (3, 3), (6, 2))  # (up to N organizations, score)
NEED_OTHERWISE = 1
DECISION_RANK = {
    DecisionCategory.RECOMMENDED: 3,
    DecisionCategory.PROMISING: 2,
    DecisionCategory.NEEDS_WORK: 1,
    "": 0,
}
RATED_FACTORS = ("need", "fit", "resources", "capacity")
DECISION_LABELS = dict(DecisionCategory.choices)
LEVEL_LABELS = dict(EvidenceLevel.choices)
FLAG_LABELS = dict(EvidenceFlag.choices)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Source:
    label: str  # «данные платформы», «оценка команды», «экспертиза»
    score: float
    detail: str


@dataclass(frozen=True)
class FactorResult:
    code: str
    name: str
    weight: int
    score: float | None  # None: no data, left out of the mean
    sources: tuple[Source, ...]
    explanation: str

    @property
    def blocking(self) -> bool:
        return self.score is not None and self.score <= BLOCKING_AT


@dataclass(frozen=True)
class Risk:
    factor: str
    name: str
    score: float
    risk: str
    mitigation: str


@dataclass(frozen=True)
class PracticeMatch:
    practice_id: int
    title: str
    organization: str
    region: str
    url: str
    score: float
    factors: tuple[FactorResult, ...]
    risks: tuple[Risk, ...]
    rated_by: int  # persons of the recipient team who rated the practice
    evidence_level: int
    decision: str

    @property
    def reasons(self) -> list[str]:
        return [f.explanation for f in self.factors if f.score is not None]


@dataclass(frozen=True)
class MatchResult:
    kind: str  # "municipality", "settlement" or "organization"
    name: str
    oktmo: str
    region_id: int
    region: str
    matches: list[PracticeMatch]
    candidates: int
    already_here: int
    in_transfer: int = 0
    notes: list[str] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=lambda: dict(WEIGHTS))

    @property
    def uses_ratings(self) -> bool:
        return any(m.rated_by for m in self.matches)


# ---------------------------------------------------------------- target


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _quoted(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(f"«{n}»" for n in names[:limit])
    return shown + (f" и ещё {len(names) - limit}" if len(names) > limit else "")


def need_score(similar: int) -> int:
    """The data signal of need from the number of similar organizations in the territory."""
    for up_to, score in NEED_BANDS:
        if similar <= up_to:
            return score
    return NEED_OTHERWISE


def overlap_score(matched: int) -> int:
    """Fit with a list (regional priorities, the recipient's profile): none → 2, one → 4, more → 5."""
    return 2 if matched == 0 else 4 if matched == 1 else 5


def evidence_score(level: int, flag: str) -> int:
    return 1 if flag else int(level) + 1


def readiness_score_of(readiness: Decimal | float | None, passport_items: int) -> float:
    """Expert readiness 0–4 → 1–5; without it 1 + the passport items present (of 4)."""
    if readiness is not None:
        return round(1 + float(readiness), 2)
    return float(1 + passport_items)


def weighted_mean(scores: dict[str, float | None]) -> float:
    """The weighted mean of the factors that have a score, weights renormalised."""
    present = {code: s for code, s in scores.items() if s is not None}
    total = sum(WEIGHTS[c] for c in present)
    if not total:
        return 0.0
    return round(sum(WEIGHTS[c] * s for c, s in present.items()) / total, 2)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None
