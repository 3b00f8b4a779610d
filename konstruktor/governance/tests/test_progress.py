"""The roll-up as a pure function: weights, equal weights, empty children, the formula shown."""

from decimal import Decimal

import pytest

from konstruktor.governance.progress import (
    Node,
    WeightError,
    item_progress,
    rollup,
    tree_progress,
    weights_validate,
)

D = Decimal


def item(key: str, *, done: bool = False, weight: str | None = None, **indicator: str) -> Node:
    values = {k: D(v) for k, v in indicator.items()}
    return Node(key=key, title=key, is_item=True, done=done, weight=D(weight) if weight else None, **values)


def test_explicit_weights_give_the_weighted_sum_and_the_formula_reproduces_it() -> None:
    parent = Node(
        key="m",
        title="Мера",
        equal_weights=False,
        children=(
            item("a", weight="50", baseline="0", target="10", actual="8"),
            item("b", weight="50", baseline="0", target="10", actual="4"),
        ),
    )
    result = tree_progress(parent)
    assert result["a"].value == D(80) and result["b"].value == D(40)
    assert result["m"].value == D(60)
    assert result["m"].formula == "0,5 × 80 % + 0,5 × 40 % = 60 %"


def test_unequal_weights_weigh_children_by_their_share() -> None:
    parent = Node(
        key="g",
        title="Цель",
        equal_weights=False,
        children=(item("a", done=True, weight="70"), item("b", weight="30")),
    )
    progress = tree_progress(parent)["g"]
    assert progress.value == D(70)
    assert progress.formula == "0,7 × 100 % + 0,3 × 0 % = 70 %"


def test_equal_weights_are_stated_in_the_formula() -> None:
    parent = Node(key="m", title="Мера", children=(item("a", done=True), item("b"), item("c")))
    progress = tree_progress(parent)["m"]
    assert progress.value == D("33.3")
    assert progress.formula == "равные веса: каждый из 3 по 1/3: (100 % + 0 % + 0 %) / 3 = 33,3 %"


def test_a_parent_without_children_has_no_progress_rather_than_zero() -> None:
    empty = Node(key="m", title="Мера без мероприятий", empty_label="нет мероприятий")
    progress = tree_progress(empty)["m"]
    assert progress.value is None
    assert progress.label == "нет данных"
    assert progress.formula == "нет мероприятий"


def test_an_empty_child_is_left_out_and_the_other_weights_renormalised() -> None:
    goal = Node(
        key="g",
        title="Цель",
        equal_weights=False,
        children=(
            Node(key="m1", title="Мера 1", weight=D(60), children=(item("a", done=True),)),
            Node(key="m2", title="Мера 2", weight=D(40)),
        ),
    )
    result = tree_progress(goal)
    assert result["m2"].value is None
    assert result["g"].value == D(100)
    assert result["g"].formula == "(0,6 × 100 %) / 0,6 = 100 % (без учёта: «Мера 2» — нет данных)"


def test_three_levels_roll_up_from_items_through_measures_to_the_roadmap() -> None:
    roadmap = Node(
        key="r",
        title="Дорожная карта",
        equal_weights=False,
        children=(
            Node(
                key="g1",
                title="Цель 1",
                weight=D(40),
                children=(
                    Node(key="m1", title="Мера", children=(item("a", done=True), item("b", target="4", actual="2"))),
                ),
            ),
            Node(
                key="g2", title="Цель 2", weight=D(60), children=(Node(key="m2", title="Мера", children=(item("c"),)),)
            ),
        ),
    )
    result = tree_progress(roadmap)
    assert result["m1"].value == D(75)
    assert result["g1"].value == D(75)
    assert result["g2"].value == D(0)
    assert result["r"].value == D(30)
    assert result["r"].formula == "0,4 × 75 % + 0,6 × 0 % = 30 %"


def test_item_progress_follows_the_indicator_clamped_to_0_100() -> None:
    assert item_progress(done=False, baseline=D(10), target=D(50), actual=D(30)).value == D(50)
    over = item_progress(done=False, baseline=None, target=D(10), actual=D(15))
    assert over.value == D(100)
    assert over.formula == "факт 15 / цель 10 = 150 % → 100 %"
    below = item_progress(done=False, baseline=D(10), target=D(50), actual=D(5))
    assert below.value == D(0)


def test_a_decreasing_indicator_counts_progress_downwards() -> None:
    progress = item_progress(done=False, baseline=D(40), target=D(20), actual=D(25))
    assert progress.value == D(75)
    assert progress.formula == "(факт 25 − база 40) / (цель 20 − база 40) = 75 %"


def test_a_done_item_is_100_whatever_its_indicator() -> None:
    progress = item_progress(done=True, baseline=D(0), target=D(10), actual=D(1))
    assert progress.value == D(100)
    assert progress.formula == "выполнено → 100 %"


def test_an_item_without_indicator_or_actual_counts_zero_and_says_why() -> None:
    assert item_progress(done=False, baseline=None, target=None, actual=None).formula == (
        "не выполнено, показатель не задан → 0 %"
    )
    assert item_progress(done=False, baseline=None, target=D(5), actual=None).formula == (
        "не выполнено, факт не внесён → 0 %"
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([D(0), D(100)], "больше нуля"),
        ([D(-10), D(110)], "больше нуля"),
        ([D(50), D(40)], "Сумма весов должна быть 100 %, сейчас 90 %"),
        ([D(50), None], "Укажите вес каждого"),
        ([D(150)], "больше 100"),
    ],
)
def test_unusable_weights_are_refused(weights: list[Decimal | None], message: str) -> None:
    with pytest.raises(WeightError, match=message):
        weights_validate(weights, equal=False)


def test_equal_weights_need_no_numbers() -> None:
    weights_validate([None, None], equal=True)


def test_broken_stored_weights_show_an_error_instead_of_a_number() -> None:
    progress = rollup(
        [("a", D(30), item_progress(done=True, baseline=None, target=None, actual=None))], equal=False, empty_label=""
    )
    assert progress.value is None
    assert "Сумма весов должна быть 100 %" in progress.formula
