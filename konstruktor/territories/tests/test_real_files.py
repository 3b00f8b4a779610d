"""White spots and matching on the real public files in ../shared/data (never copied here).

The expected figures are computed here, straight from the files, with the csv module and a
Counter — not with the code under test — and compared with what the platform computes.
"""

import csv
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from konstruktor.core.text import normalize
from konstruktor.territories.importing import territories_import
from konstruktor.territories.models import Region, Settlement
from konstruktor.territories.queries import region_id_by_name, settlement_match, white_spots, white_spots_subjects
from konstruktor.territories.tests.helpers import ORGANIZATIONS, TERRITORIES, model

FOUNDATIONS = ORGANIZATIONS / "sfds-foundations_codes.csv"
BUH = ORGANIZATIONS / "sfds-buh_data.csv"
ACTIVE = "Действующая"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (TERRITORIES.is_dir() and ORGANIZATIONS.is_dir()),
        reason=f"нет каталога с реальными данными {TERRITORIES.parent} (../shared/data от корня проекта)",
    ),
]


def _rows(path: Path, delimiter: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture
def towns() -> None:
    territories_import(path=TERRITORIES / "hflabs-city.csv")
    territories_import(path=TERRITORIES / "epogrebnyak-ru-cities-towns.csv")


def _organizations(rows: list[dict[str, Any]]) -> None:
    model("Organization").objects.bulk_create(
        [model("Organization")(kind="ngo", **row) for row in rows], batch_size=2000
    )


def test_at_least_90_percent_of_the_ngo_sample_is_matched_to_a_town(towns: None) -> None:
    rows = _rows(BUH, ";")
    matched = 0
    for row in rows:
        region_id = region_id_by_name(row["Регион регистрации"])
        found = settlement_match(region_id=region_id, text=row["Наименование ОКАТО"]) if region_id else None
        matched += bool(found and found.settlement_id)
    rate = matched / len(rows)
    print(f"\nсопоставлено с городом: {matched} из {len(rows)} строк ({rate:.1%})")
    assert len(rows) == 3388
    assert rate >= 0.90


def test_foundations_per_subject_match_a_count_of_the_file() -> None:
    rows = _rows(FOUNDATIONS, ",")
    expected: Counter[int] = Counter()
    organizations = []
    for row in rows:
        region_id = region_id_by_name(row["region"])
        if region_id is None:
            continue
        state = "active" if row["status"] == ACTIVE else "liquidating"
        organizations.append({"full_name": row["name"], "region_id": region_id, "state": state})
        if row["status"] == ACTIVE:
            expected[region_id] += 1
    _organizations(organizations)
    assert sum(expected.values()) > 20000  # nearly every register-style name is recognised
    figures = {r.id: r.ngo_count for r in white_spots_subjects()}
    assert figures == {pk: expected.get(pk, 0) for pk in Region.objects.values_list("pk", flat=True)}


def _town_in(place: str, names: dict[str, int]) -> int | None:
    """The last comma-separated part of an ОКАТО place name that is a town's name, «г» dropped."""
    found = None
    for part in place.split(","):
        key = normalize(part)
        key = key[2:] if key.startswith("г ") else key
        if key in names:
            found = names[key]
    return found


def test_ngos_per_town_match_a_count_of_the_file(towns: None) -> None:
    rows = _rows(BUH, ";")
    organizations = []
    expected: Counter[int] = Counter()
    codes = dict(Region.objects.values_list("pk", "code"))
    by_code: dict[str, dict[str, int]] = {}
    for pk, region_id, name in Settlement.objects.values_list("pk", "region_id", "name"):
        by_code.setdefault(codes[region_id], {})[normalize(name)] = pk
    for row in rows:
        region_id = region_id_by_name(row["Регион регистрации"])
        if region_id is None:
            continue
        place = row["Наименование ОКАТО"]
        state = "active" if row["Статус"] == ACTIVE else "liquidating"
        organizations.append(
            {"full_name": row["Краткое наименование"], "region_id": region_id, "municipality": place, "state": state}
        )
        town = _town_in(place, by_code.get(codes[region_id], {}))
        if town is not None and state == "active":
            expected[town] += 1
    _organizations(organizations)
    call_command("link_territories", stdout=StringIO())
    computed: Counter[int] = Counter()
    for region in Region.objects.all():
        for figures in white_spots(region=region, level="settlement"):
            if figures.ngo_count:
                computed[figures.id] = figures.ngo_count
    assert sum(expected.values()) > 3000
    differences = {
        Settlement.objects.get(pk=pk).name: (expected[pk], computed[pk])
        for pk in set(expected) | set(computed)
        if expected[pk] != computed[pk]
    }
    assert differences == {}
