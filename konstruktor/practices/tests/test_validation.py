"""Bad values in the passport get a Russian message and write nothing."""

import datetime
from typing import Any

import pytest

from konstruktor.core.testing import login
from konstruktor.practices import actions
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.models import Evaluation, Practice, Status
from konstruktor.practices.tests.factories import passport, practice, rc_staff

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date.today().year + 1


FORMSETS = ("outcomes", "components", "launch_steps", "materials", "evaluations")


def empty_formsets(*prefixes: str) -> dict[str, str]:
    """The management fields of the passport's inline lists, with no rows."""
    return {f"{p}-{k}": "0" for p in prefixes for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"cost_per_beneficiary": -100}, "Затраты на одного благополучателя не могут быть отрицательными"),
        ({"grant_amount": -1}, "Сумма поддержки не может быть отрицательной"),
        ({"started_year": NEXT_YEAR}, "Год начала практики"),
        ({"started_year": 1812}, "Год начала практики"),
        (
            {
                "evaluations": [
                    {
                        "title": "Замеры",
                        "design": "prepost",
                        "quality": "low",
                        "period_start": datetime.date(2025, 5, 1),
                        "period_end": datetime.date(2024, 5, 1),
                    }
                ]
            },
            "конец периода раньше начала",
        ),
    ],
)
def test_impossible_passport_values_are_refused_and_nothing_is_written(bad: dict[str, Any], message: str) -> None:
    before = Practice.objects.count()
    with pytest.raises(PracticeError, match=message):
        actions.practice_create(by=None, passport=passport(**bad))
    assert Practice.objects.count() == before


def test_an_edit_with_a_negative_cost_keeps_the_stored_passport() -> None:
    p = practice(status=Status.DRAFT, cost_per_beneficiary=500)
    with pytest.raises(PracticeError, match="не могут быть отрицательными"):
        actions.practice_update(
            practice=p, by=None, passport=passport(organization=p.organization, cost_per_beneficiary=-5)
        )
    p.refresh_from_db()
    assert p.cost_per_beneficiary == 500


def test_the_passport_page_shows_the_message_and_saves_nothing() -> None:
    staff = rc_staff("59")
    client = login(staff)
    management = empty_formsets(*FORMSETS)
    data = {
        "title": "Клуб",
        "region": staff_region(staff),
        "organization_name": "АНО «Опора»",
        "cost_per_beneficiary": "-10",
        "started_year": str(NEXT_YEAR),
        **management,
    }
    response = client.post("/practices/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "не могут быть отрицательными" in html or "Год начала практики" in html
    assert not Practice.objects.filter(title="Клуб").exists()


def test_an_evaluation_with_the_period_reversed_is_refused_on_the_page_and_nothing_changes() -> None:
    staff = rc_staff("59")
    p = practice(status=Status.DRAFT, with_organization=False, organization_name="АНО «Опора»")
    management = empty_formsets(*FORMSETS[:-1])
    data = {
        "title": p.title,
        "region": p.region_id,
        "organization_name": "АНО «Опора»",
        **management,
        "evaluations-TOTAL_FORMS": "1",
        "evaluations-INITIAL_FORMS": "0",
        "evaluations-0-title": "Замеры",
        "evaluations-0-design": "prepost",
        "evaluations-0-quality": "low",
        "evaluations-0-period_start": "2025-05-01",
        "evaluations-0-period_end": "2024-05-01",
    }
    response = login(staff).post(f"/practices/{p.pk}/edit/", data)
    assert response.status_code == 200 and "конец периода раньше начала" in response.content.decode()
    assert not Evaluation.objects.filter(practice=p).exists()
    assert p.outcomes.count() == 2


def staff_region(user: Any) -> int:
    from konstruktor.core.access import scope_for

    return next(iter(scope_for(user).edit_region_ids))
