"""A re-import never reaches a draft of another region through a repeated application key."""

import io

import pytest

from konstruktor.practices.importing import practices_import, read_csv
from konstruktor.practices.models import Practice
from konstruktor.practices.tests.factories import staff

pytestmark = pytest.mark.django_db
HEADER = "operator,year,application_no,org_name,inn,project,region,geography,amount_rub\n"


def rows(line: str) -> list[dict[str, str]]:
    return list(read_csv(io.BytesIO((HEADER + line + "\n").encode("utf-8"))))


def test_a_consultant_cannot_take_over_a_draft_of_another_region_by_its_application_key() -> None:
    ugra = staff(fns_code="86")
    report = practices_import(
        rows=rows("НБФ,2008,7,АНО «Север»,,Клуб для пожилых. Встречи.,Ханты-Мансийский автономный округ - Югра,,1,"),
        by=ugra,
    )
    assert report.committed
    draft = Practice.objects.get(source_key="НБФ|2008|7")
    perm = staff(fns_code="59")
    report = practices_import(
        rows=rows("НБФ,2008,7,АНО «Опора»,,Подменённый проект. Другое.,Пермский край,,999,"), by=perm
    )
    assert not report.committed
    assert "другого региона" in report.rejected[0].reason
    draft.refresh_from_db()
    assert draft.region.fns_code == "86" and draft.title.startswith("Клуб для пожилых")
    assert draft.organization_name == "АНО «Север»" and str(draft.grant_amount) == "1.00"


def test_the_same_region_still_updates_its_own_draft_on_a_reimport() -> None:
    perm = staff(fns_code="59")
    practices_import(rows=rows("НБФ,2008,8,АНО «Опора»,,Клуб. Встречи.,Пермский край,,1,"), by=perm)
    report = practices_import(rows=rows("НБФ,2008,8,АНО «Опора»,,Клуб. Встречи.,Пермский край,,2,"), by=perm)
    assert (report.committed, report.updated) == (True, 1)
