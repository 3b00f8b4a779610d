import pytest

from konstruktor.documents.conditions import ConditionError, check, evaluate, parse

ANSWERS = {
    "route": "paper",
    "legal_form": "oo",
    "founders": [{"type": "individual"}, {"type": "legal"}],
    "duty_paid": False,
    "total_receipts": 1_500_000,
    "params": {"simplified_report_threshold_rub": 3_000_000},
    "name_special": ["person_name"],
}


@pytest.mark.parametrize(
    "expression,expected",
    [
        ('route == "paper"', True),
        ("route != 'paper'", False),
        ("count(founders) > 1", True),
        ('legal_form in ["ano", "fund"]', False),
        ('legal_form not in ["ano", "fund"]', True),
        ("not duty_paid", True),
        ('route == "paper" and not duty_paid', True),
        ('route == "gosuslugi" or count(founders) == 2', True),
        ("total_receipts < params.simplified_report_threshold_rub", True),
        ('"person_name" in name_special', True),
        ("filled(name_special) and empty(missing)", True),
        ("missing > 3", False),  # a missing answer compared with a number is simply false
        ("(route == 'paper') and (legal_form == 'oo')", True),
    ],
)
def test_conditions_evaluate_over_answers(expression, expected) -> None:  # type: ignore[no-untyped-def]
    assert evaluate(expression, ANSWERS) is expected


def test_empty_condition_always_holds() -> None:
    assert evaluate("", {}) is True


def test_item_scope_is_searched_before_the_answers() -> None:
    assert evaluate('type == "legal"', {"type": "legal"}, {"type": "individual"}) is True


@pytest.mark.parametrize(
    "expression",
    ["__import__('os').system('id')", "route ==", "count(founders", "route = 'paper'", "open('x')", "a.b(", "1 +"],
)
def test_anything_but_the_small_language_is_refused_without_evaluation(expression) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConditionError):
        parse(expression)


def test_check_names_the_position_and_unknown_variables_in_russian() -> None:
    assert "позиция" in check('route == "paper" and', {"route"})
    assert check("rout == 'paper'", {"route"}) == "В условии неизвестные переменные: rout."
    assert check("params.registration_duty_rub > 0", {"params"}) is None
