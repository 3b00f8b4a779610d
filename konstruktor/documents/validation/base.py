"""Problems, rules and the rule registry shared by the field checks and the legal checks."""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from konstruktor.documents.questionnaire import Questionnaire


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    LABELS: Mapping[str, str] = {
        "error": "блокирует формирование",
        "warning": "предупреждение",
        "info": "к сведению",
    }
    ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: str
    field: str  # a question path (founders.1.person.birth_date) or "" for the whole package
    message: str
    legal_basis: str = ""
    title: str = ""
    explanation: str = ""
    valid_from: str = ""

    @property
    def severity_label(self) -> str:
        return Severity.LABELS[self.severity]

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity_label"] = self.severity_label
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Problem":
        return cls(**{k: data.get(k, "") for k in cls.__dataclass_fields__})


@dataclass
class RuleContext:
    """What a rule reads: the answers of visible questions, parameters on the date, the date."""

    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    params: Mapping[str, Any]
    on: datetime.date
    region_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)

    def has_question(self, key: str) -> bool:
        return key in self.questionnaire.key_set()

    def date(self, key: str) -> datetime.date | None:
        return parse_date(self.answers.get(key))

    def items(self, key: str) -> list[dict[str, Any]]:
        value = self.answers.get(key)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


RuleCheck = Callable[[RuleContext, "Rule"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    legal_basis: str
    valid_from: datetime.date
    explanation: str
    check: RuleCheck | None = None
    group: str = ""
    valid_until: datetime.date | None = None

    def problem(self, field: str, message: str, *, severity: str | None = None) -> Problem:
        return Problem(
            rule=self.id,
            severity=severity or self.severity,
            field=field,
            message=message,
            legal_basis=self.legal_basis,
            title=self.title,
            explanation=self.explanation,
            valid_from=self.valid_from.isoformat(),
        )

    def in_force(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def run(self, ctx: RuleContext) -> Iterator[Problem]:
        if self.check is not None and self.in_force(ctx.on):
            yield from self.check(ctx, self)


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: str,
    *,
    title: str,
    legal_basis: str,
    valid_from: datetime.date,
    explanation: str,
    group: str,
) -> Callable[[RuleCheck], RuleCheck]:
    """Register a legal rule; the function yields the problems it finds."""

    def register(check: RuleCheck) -> RuleCheck:
        RULES[rule_id] = Rule(
            id=rule_id,
            severity=severity,
            title=title,
            legal_basis=legal_basis,
            valid_from=valid_from,
            explanation=explanation,
            check=check,
            group=group,
        )
        return check

    return register


def field_rule(
    rule_id: str, *, title: str, legal_basis: str, explanation: str, valid_from: datetime.date | None = None
) -> Rule:
    """A field check: always on, run by validation.fields rather than by the registry loop."""
    registered = Rule(
        id=rule_id,
        severity=Severity.ERROR,
        title=title,
        legal_basis=legal_basis,
        valid_from=valid_from or datetime.date(2000, 1, 1),
        explanation=explanation,
        group="Проверка полей",
    )
    RULES[rule_id] = registered
    return registered
