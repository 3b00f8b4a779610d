"""The importer on the real public data files in ../shared/data/organizations (never copied here)."""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from konstruktor.organizations.importing import (
    ImportReport,
    mapping_detect,
    organizations_import,
    source_sniff,
)
from konstruktor.organizations.models import LegalForm, Organization
from konstruktor.territories.models import Region

REPO_ROOT = Path(__file__).resolve().parents[3]
DATA = (REPO_ROOT / ".." / "shared" / "data" / "organizations").resolve()
FOUNDATIONS = DATA / "sfds-foundations_codes.csv"
BUH = DATA / "sfds-buh_data.csv"
MINJUST = DATA / "ngodata-minjust-pravvooh-2014.tsv"
WEBSITES = DATA / "sfds-2022_lab_vk_pages_website_ogrn.csv"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"real data folder {DATA} is absent"),
]


@pytest.fixture(autouse=True)
def _reference_data(db: Any) -> None:
    if not Region.objects.exists():
        from konstruktor.territories.actions import regions_sync

        regions_sync()
    if not LegalForm.objects.exists():
        from konstruktor.organizations.actions import reference_sync

        reference_sync()


def _import(path: Path, expected_layout: str) -> ImportReport:
    if not path.is_file():
        pytest.skip(f"{path.name} is absent from {DATA}")
    info = source_sniff(path)
    layout, mapping = mapping_detect(info.header)
    assert layout == expected_layout
    return organizations_import(path=path, mapping=mapping, mode="skip_invalid", by=None, info=info)


def _top_reasons(report: ImportReport) -> list[tuple[str, int]]:
    return Counter(r.reason.split(" (")[0].split("«")[0] for r in report.rejections).most_common(5)


def _assert_rejections_explained(report: ImportReport) -> None:
    assert all(r.reason and r.row >= 2 for r in report.rejections)
    assert len({r.row for r in report.rejections}) == report.rejected


def test_foundations_file() -> None:
    report = _import(FOUNDATIONS, "egrul_foundations")
    assert report.created >= 21_000, _top_reasons(report)
    _assert_rejections_explained(report)
    assert report.rejected < 100, _top_reasons(report)
    assert Organization.objects.filter(legal_form__okopf="70401").count() > 9_000
    again = _import(FOUNDATIONS, "egrul_foundations")
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == report.created


def test_buh_data_file() -> None:
    report = _import(BUH, "fns_buh")
    assert report.created >= 3_000, _top_reasons(report)
    _assert_rejections_explained(report)
    org = Organization.objects.get(ogrn="1207400044004")
    assert org.region.name == "Челябинская область"
    assert org.municipality == "Челябинск, Центральный"
    assert org.main_activity.startswith("Предоставление прочих финансовых услуг")
    assert _import(BUH, "fns_buh").created == 0


def test_minjust_file() -> None:
    report = _import(MINJUST, "minjust")
    assert report.created >= 2_500, _top_reasons(report)
    _assert_rejections_explained(report)
    assert Organization.objects.exclude(minjust_number="").count() >= report.created - 5
    assert not Organization.objects.filter(address__contains="\u00a0").exists()
    assert Organization.objects.filter(state=Organization.State.LIQUIDATED).count() > 500
    reasons = " ".join(r.reason for r in report.rejections)
    assert "повтор ОГРН из строки" in reasons
    assert "«Министерство юстиции» не найден" in reasons
    again = _import(MINJUST, "minjust")
    assert again.created == 0 and again.updated == 0


def test_websites_file_enriches_known_organizations_only() -> None:
    empty = _import(WEBSITES, "websites")
    assert empty.created == 0 and empty.updated == 0
    assert empty.rejected == empty.rows
    assert "нет в реестре" in empty.rejections[0].reason
    base = _import(BUH, "fns_buh")
    report = _import(WEBSITES, "websites")
    assert report.created == 0
    assert report.updated >= 3_000
    assert report.rejected < 50, _top_reasons(report)
    assert Organization.objects.exclude(website="").count() == report.updated
    assert Organization.objects.count() == base.created
