"""Roadmap progress as pure functions: an item's own progress and the weighted roll-up.

Rules (Decidim Accountability's shape with its weak spots fixed — see ANCHORS insight 1):
- an item that is done counts 100 %; otherwise its indicator: (actual − baseline) / (target −
  baseline), clamped to 0–100 % (a decreasing indicator has target < baseline and works the
  same); with no indicator or no actual value it counts 0 %;
- a parent is Σ weightᵢ × progressᵢ with explicit weights that sum to 100 %, or the plain mean
  when the parent says «равные веса»; zero weights are refused at input (`weights_validate`);
- a parent without children has no progress («нет мероприятий»), not 0 %; such children are
  left out of their parent's sum and the remaining weights renormalised — the formula says so;
- every value is rounded to 0.1 % before it enters its parent, so the formula shown next to a
  percentage reproduces it exactly.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
STEP = Decimal("0.1")


class WeightError(ValueError):
    """Weights that cannot be used: the message is shown to the user as is."""


def quantize(value: Decimal) -> Decimal:
    return value.quantize(STEP, rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float | None, places: int = 4) -> str:
    """A number the Russian way: decimal comma, no trailing zeros (0,5; 12; 33,3333)."""
    if value is None:
        return "—"
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",").replace("-", "−")


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value, 1)} %"


@dataclass(frozen=True)
class Progress:
    value: Decimal | None
    formula: str

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def label(self) -> str:
        return percent(self.value) if self.value is not None else "нет данных"


@dataclass(frozen=True)
class Node:
    """What the roll-up needs to know of a roadmap node (built from the model or from a test)."""

    key: Hashable
    title: str
    weight: Decimal | None = None
    # For parents: whether the children share equal weights.
    equal_weights: bool = True
    # For items (leaves of the tree): status and indicator.
    is_item: bool = False
    done: bool = False
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    children: tuple["Node", ...] = field(default_factory=tuple)
    empty_label: str = "нет мероприятий"


def item_progress(*, done: bool, baseline: Decimal | None, target: Decimal | None, actual: Decimal | None) -> Progress:
    if done:
        return Progress(HUNDRED, "выполнено → 100 %")
    if target is None:
        return Progress(Decimal(0), "не выполнено, показатель не задан → 0 %")
    if actual is None:
        return Progress(Decimal(0), "не выполнено, факт не внесён → 0 %")
    base = baseline if baseline is not None else Decimal(0)
    span = target - base
    if span == 0:
        reached = actual == target
        return Progress(
            HUNDRED if reached else Decimal(0),
            f"цель равна базе ({number(target)}): факт {number(actual)} → {'100' if reached else '0'} %",
        )
    raw = (actual - base) / span * HUNDRED
    value = quantize(min(HUNDRED, max(Decimal(0), raw)))
    if baseline is None:
        text = f"факт {number(actual)} / цель {number(target)} = {percent(quantize(raw))}"
    else:
        text = (
            f"(факт {number(actual)} − база {number(baseline)}) / "
            f"(цель {number(target)} − база {number(baseline)}) = {percent(quantize(raw))}"
        )
    if value != quantize(raw):
        text += f" → {percent(value)}"
    return Progress(value, text)


def weights_validate(weights: Sequence[Decimal | None], *, equal: bool) -> None:
    """Refuse weights a parent cannot use: with explicit weights each is > 0 and all sum to 100 %."""
    if equal:
        return
    if any(w is None for w in weights):
        raise WeightError("Укажите вес каждого вложенного элемента или выберите равные веса.")
    values = [w for w in weights if w is not None]
    if any(w <= 0 for w in values):
        raise WeightError("Вес должен быть больше нуля: элемент с нулевым весом не влияет на прогресс — удалите его.")
    if any(w > HUNDRED for w in values):
        raise WeightError("Вес не может быть больше 100 %.")
    total = sum(values, Decimal(0))
    if total != HUNDRED:
        raise WeightError(f"Сумма весов должна быть 100 %, сейчас {number(total, 2)} %.")


def _share(weight: Decimal) -> str:
    return number(weight / HUNDRED)


def rollup(children: Sequence[tuple[str, Decimal | None, Progress]], *, equal: bool, empty_label: str) -> Progress:
    """A parent's progress from (title, weight %, progress) of its children."""
    if not children:
        return Progress(None, empty_label)
    defined = [(t, w, p) for t, w, p in children if p.value is not None]
    skipped = [t for t, _, p in children if p.value is None]
    if not defined:
        return Progress(None, "ни у одного вложенного элемента нет данных")
    note = f" (без учёта: {', '.join('«' + t + '»' for t in skipped)} — нет данных)" if skipped else ""
    n = len(children)
    if equal:
        total = sum((p.value for _, _, p in defined if p.value is not None), Decimal(0))
        value = quantize(total / len(defined))
        terms = " + ".join(percent(p.value) for _, _, p in defined)
        prefix = f"равные веса: каждый из {n} по 1/{n}" if n > 1 else "единственный вложенный элемент"
        if len(defined) == 1:
            return Progress(value, f"{prefix}: {percent(value)}{note}")
        return Progress(value, f"{prefix}: ({terms}) / {len(defined)} = {percent(value)}{note}")
    try:
        weights_validate([w for _, w, _ in children], equal=False)
    except WeightError as exc:
        return Progress(None, f"веса не заданы как следует: {exc}")
    weighted = [(w, p.value) for _, w, p in defined if w is not None and p.value is not None]
    used = sum((w for w, _ in weighted), Decimal(0))
    total = sum((w * v for w, v in weighted), Decimal(0)) / HUNDRED
    terms = " + ".join(f"{_share(w)} × {percent(v)}" for w, v in weighted)
    if used == HUNDRED:
        value = quantize(total)
        return Progress(value, f"{terms} = {percent(value)}")
    value = quantize(total * HUNDRED / used)
    return Progress(value, f"({terms}) / {_share(used)} = {percent(value)}{note}")


def node_progress(node: Node, results: dict[Hashable, Progress] | None = None) -> Progress:
    """Progress of a node and, into `results`, of every node below it."""
    if node.is_item:
        progress = item_progress(done=node.done, baseline=node.baseline, target=node.target, actual=node.actual)
    else:
        children = [(c.title, c.weight, node_progress(c, results)) for c in node.children]
        progress = rollup(children, equal=node.equal_weights, empty_label=node.empty_label)
    if results is not None:
        results[node.key] = progress
    return progress


def tree_progress(root: Node) -> dict[Hashable, Progress]:
    results: dict[Hashable, Progress] = {}
    node_progress(root, results)
    return results
