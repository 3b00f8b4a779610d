"""What the questionnaire pages show: fields with values and problems, progress, visibility.

Field names in the form are answer paths (`director.last_name`, `founders.0.person.inn`); element
ids derive from them, so a problem bound to a path lands next to its input.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from konstruktor.documents.queries import Checked
from konstruktor.documents.questionnaire import (
    COMPOUND_FIELDS,
    Questionnaire,
    QuestionSpec,
    StepSpec,
    SubField,
    is_blank,
    question_visible,
    step_visible,
)
from konstruktor.documents.validation import Problem, Severity


def dom_id(path: str) -> str:
    return path.replace(".", "-").replace("_", "-")


@dataclass
class SubFieldView:
    spec: SubField
    name: str
    value: Any
    problems: list[Problem]

    @property
    def id(self) -> str:
        return "f-" + dom_id(self.name)

    @property
    def problems_id(self) -> str:
        return "p-" + dom_id(self.name)


@dataclass
class ItemView:
    index: int
    path: str
    fields: list["FieldView"]

    @property
    def id(self) -> str:
        return "q-" + dom_id(self.path)


@dataclass
class FieldView:
    spec: QuestionSpec
    path: str
    value: Any
    visible: bool
    problems: list[Problem]
    subfields: list[SubFieldView] = field(default_factory=list)
    items: list[ItemView] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "f-" + dom_id(self.path)

    @property
    def wrapper_id(self) -> str:
        return "q-" + dom_id(self.path)

    @property
    def problems_id(self) -> str:
        return "p-" + dom_id(self.path)

    @property
    def as_radios(self) -> bool:
        return self.spec.kind == "choice" and len(self.spec.choices) <= 4

    @property
    def chosen(self) -> list[str]:
        value = self.value
        if isinstance(value, list):
            return [str(v) for v in value]
        return [str(value)] if value not in (None, "") else []

    @property
    def text_value(self) -> str:
        value = self.value
        if value is None or isinstance(value, dict | list):
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def value_at(answers: Mapping[str, Any], path: str) -> Any:
    """The answer at a path such as founders.1.person.last_name (None when absent)."""
    value: Any = answers
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def shown_now(problem: Problem, answers: Mapping[str, Any], seen: bool) -> bool:
    """Problems about unanswered questions wait until the user has left the step once."""
    return seen or not problem.field or not is_blank(value_at(answers, problem.field))


class ProblemIndex:
    """Problems by field path, filtered to what the user should see now."""

    def __init__(self, problems: list[Problem], *, answers: Mapping[str, Any], show_missing: bool) -> None:
        self.by_path: dict[str, list[Problem]] = {}
        for problem in problems:
            if shown_now(problem, answers, show_missing):
                self.by_path.setdefault(problem.field, []).append(problem)

    def at(self, path: str) -> list[Problem]:
        return self.by_path.get(path, [])


def _field(
    question: QuestionSpec,
    value: Any,
    path: str,
    answers: Mapping[str, Any],
    index: ProblemIndex,
    item: Mapping[str, Any] | None = None,
) -> FieldView:
    view = FieldView(
        spec=question,
        path=path,
        value=value,
        visible=question_visible(question, answers, item),
        problems=index.at(path),
    )
    if question.kind in COMPOUND_FIELDS:
        current = value if isinstance(value, Mapping) else {}
        view.subfields = [
            SubFieldView(sub, f"{path}.{sub.key}", current.get(sub.key, ""), index.at(f"{path}.{sub.key}"))
            for sub in COMPOUND_FIELDS[question.kind]
        ]
    elif question.kind == "group":
        items = value if isinstance(value, list) else []
        for number, raw in enumerate(items):
            raw_item = raw if isinstance(raw, Mapping) else {}
            item_path = f"{path}.{number}"
            view.items.append(
                ItemView(
                    index=number,
                    path=item_path,
                    fields=[
                        _field(child, raw_item.get(child.key), f"{item_path}.{child.key}", answers, index, raw_item)
                        for child in question.children
                    ],
                )
            )
    return view


def step_fields(
    step: StepSpec, answers: Mapping[str, Any], problems: list[Problem], *, show_missing: bool
) -> list[FieldView]:
    index = ProblemIndex(problems, answers=answers, show_missing=show_missing)
    return [_field(q, answers.get(q.key), q.key, answers, index) for q in step.questions]


def visibility(fields: list[FieldView]) -> dict[str, bool]:
    """Wrapper id → visible, for every question and sub-question on the page."""
    result: dict[str, bool] = {}
    for view in fields:
        result[view.wrapper_id] = view.visible
        for item in view.items:
            result.update(visibility(item.fields))
    return result


def flatten(fields: list[FieldView]) -> list[FieldView]:
    result: list[FieldView] = []
    for view in fields:
        result.append(view)
        for item in view.items:
            result.extend(flatten(item.fields))
    return result


@dataclass
class StepStatus:
    index: int
    title: str
    visible: bool
    seen: bool
    errors: int
    current: bool = False


def _step_of(questionnaire: Questionnaire, path: str) -> int | None:
    question = questionnaire.by_key.get(path.split(".")[0])
    return question.step_index if question is not None else None


def progress(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    problems: list[Problem],
    steps_seen: list[int],
    current: int | None = None,
) -> list[StepStatus]:
    errors: dict[int, int] = {}
    for problem in problems:
        if problem.severity != Severity.ERROR:
            continue
        step = _step_of(questionnaire, problem.field)
        if step is None:
            continue
        if not shown_now(problem, answers, step in steps_seen):
            continue
        errors[step] = errors.get(step, 0) + 1
    return [
        StepStatus(
            index=s.index,
            title=s.title,
            visible=step_visible(s, answers),
            seen=s.index in steps_seen,
            errors=errors.get(s.index, 0),
            current=s.index == current,
        )
        for s in questionnaire.steps
    ]


@dataclass
class ProblemGroup:
    step: StepSpec | None
    problems: list[tuple[Problem, str]]  # (problem, label of its field)


def problems_by_step(checked: Checked) -> list[ProblemGroup]:
    questionnaire = checked.questionnaire
    groups: dict[int | None, list[tuple[Problem, str]]] = {}
    for problem in checked.problems:
        step = _step_of(questionnaire, problem.field) if problem.field else None
        _, label = questionnaire.find(problem.field) if problem.field else (None, "")
        groups.setdefault(step, []).append((problem, label))
    result = [ProblemGroup(questionnaire.steps[i], groups[i]) for i in sorted(k for k in groups if k is not None)]
    if None in groups:
        result.append(ProblemGroup(None, groups[None]))
    return result


def first_step(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> int:
    return next((s.index for s in questionnaire.steps if step_visible(s, answers)), 0)


def neighbour_step(questionnaire: Questionnaire, answers: Mapping[str, Any], index: int, direction: int) -> int | None:
    """The next (or previous) visible step, None past the last one."""
    position = index + direction
    while 0 <= position < len(questionnaire.steps):
        if step_visible(questionnaire.steps[position], answers):
            return position
        position += direction
    return None


def answered(value: Any) -> bool:
    return not is_blank(value)
