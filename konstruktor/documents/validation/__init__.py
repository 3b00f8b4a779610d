"""The validation engine: field checks plus the package's legal rules, bound to questions."""

import datetime
from collections.abc import Mapping
from typing import Any

from konstruktor.documents.questionnaire import Questionnaire, effective_answers
from konstruktor.documents.validation import rules as _rules  # noqa: F401  (registers the rules)
from konstruktor.documents.validation.base import RULES, Problem, Rule, RuleContext, Severity, parse_date
from konstruktor.documents.validation.fields import field_problems

# Dates that decide which rules and parameter values apply, in order of preference.
DATE_KEYS = ("filing_date", "application_date", "submission_date", "letter_date")


def validation_date(answers: Mapping[str, Any], today: datetime.date | None = None) -> datetime.date:
    for key in DATE_KEYS:
        parsed = parse_date(answers.get(key))
        if parsed is not None:
            return parsed
    return today or datetime.date.today()


def prepared_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any], constants: Mapping[str, Any]
) -> dict[str, Any]:
    """Visible answers plus the package's constants (constants win: the user cannot change them)."""
    merged = {**answers, **constants}
    return {**effective_answers(questionnaire, merged), **constants}


def validate(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    on: datetime.date,
    extra: dict[str, Any] | None = None,
    region_name: str = "",
) -> list[Problem]:
    """Every problem of the answers (already prepared), in questionnaire order, errors first."""
    problems = list(field_problems(questionnaire, answers, on))
    ctx = RuleContext(
        questionnaire=questionnaire, answers=answers, params=params, on=on, region_name=region_name, extra=extra or {}
    )
    for rule_id in questionnaire.rules:
        registered = RULES.get(rule_id)
        if registered is not None and registered.check is not None:
            problems.extend(registered.run(ctx))
    # A missing answer that a legal rule already explains is reported once, by the legal rule.
    explained = {p.field for p in problems if p.rule != "V1" and p.blocking}
    problems = [p for p in problems if not (p.rule == "V1" and p.field in explained)]
    order = {q.key: (q.step_index, n) for n, q in enumerate(questionnaire.questions())}
    unique: dict[tuple[str, str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.rule, p.field, p.message), p)
    return sorted(
        unique.values(),
        key=lambda p: (Severity.ORDER[p.severity], order.get(p.field.split(".")[0], (999, 0)), p.field),
    )


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def legal_rules() -> list[Rule]:
    """The registered rules in a stable order for the rules page and the form builder."""
    prefix_order = {"F": 0, "N": 1, "P": 2, "C": 3, "A": 4, "D": 5, "T": 6, "V": 7}
    return sorted(RULES.values(), key=lambda r: (prefix_order.get(r.id[0], 8), len(r.id), r.id))


__all__ = [
    "RULES",
    "Problem",
    "Rule",
    "Severity",
    "blocking",
    "legal_rules",
    "prepared_answers",
    "validate",
    "validation_date",
]
