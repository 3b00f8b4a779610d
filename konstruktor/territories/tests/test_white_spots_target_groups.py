"""The white-spot figures filtered by target group, checked against counts made here by hand."""

import csv
import datetime
import io
import random
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.territories.models import Municipality, MunicipalityKind
from konstruktor.territories.queries import white_spots, white_spots_subjects
from konstruktor.territories.tests.helpers import area, model, municipality, organization, region, settlement

pytestmark = pytest.mark.django_db


def target_group(code: str) -> Any:
    return model("TargetGroup").objects.get(code=code)


@pytest.fixture
def world() -> dict[str, Any]:
    """Пермский край: three okrugs and a district with a поселение; 60 organizations of mixed kind,
    state, link, areas, target groups and СОНКО status, drawn by a seeded generator."""
    perm = region("59")
    okrugs = [municipality(f"577{i:02d}000", f"Округ {i}", region=perm, population=10000 * (i + 1)) for i in range(3)]
    district = municipality(
        "57656000", "Чердынский район", region=perm, kind=MunicipalityKind.MUNICIPAL_DISTRICT, population=5000
    )
    poselenie = municipality(
        "57656101", "Чердынское поселение", region=perm, kind=MunicipalityKind.URBAN_SETTLEMENT, parent=district
    )
    town = settlement("Пермь", region=perm, oktmo="57700000001", municipality=okrugs[0], population=9000)
    places: list[tuple[Municipality | None, Any]] = [
        (okrugs[0], town), (okrugs[0], None), (okrugs[1], None), (okrugs[2], None), (poselenie, None), (None, None),
    ]  # fmt: skip
    groups = [target_group(c) for c in ("elderly", "disabled", "youth")]
    areas = [area("31.1-01"), area("31.1-09")]
    rng = random.Random(59)
    orgs = []
    for i in range(60):
        muni, city = places[i % len(places)]
        org = organization(
            region=perm,
            municipality_ref=muni,
            settlement=city,
            kind="ngo" if i % 9 else "resource_centre",
            state="active" if i % 7 else "liquidated",
            full_name=f"АНО «Опора {i}»",
        )
        org.target_groups.set(rng.sample(groups, rng.randint(0, 2)))
        org.areas.set(rng.sample(areas, rng.randint(0, 2)))
        if rng.random() < 0.4:
            until = datetime.date(2020, 1, 1) if rng.random() < 0.3 else None  # some statuses expired
            model("OrganizationStatus").objects.create(organization=org, kind="sonko", until=until)
        orgs.append(org)
    ugra = region("86")
    organization(region=ugra, municipality_ref=municipality("71876000", "г. Сургут", region=ugra)).target_groups.set(
        [groups[0]]
    )
    return {"perm": perm, "okrugs": okrugs, "district": district, "town": town, "groups": groups, "orgs": orgs}


def _expected(orgs: list[Any], group: Any, key: Any) -> tuple[Counter[Any], Counter[Any], dict[Any, Counter[int]]]:
    """NGOs, СОНКО and NGOs per area by key(org), counted in Python from the rows themselves."""
    today = datetime.date.today()
    ngo: Counter[Any] = Counter()
    sonko: Counter[Any] = Counter()
    per_area: dict[Any, Counter[int]] = defaultdict(Counter)
    for org in orgs:
        if org.kind != "ngo" or org.state != "active" or group not in org.target_groups.all():
            continue
        where = key(org)
        if where is None:
            continue
        ngo[where] += 1
        if any(s.kind == "sonko" and (s.until is None or s.until >= today) for s in org.statuses.all()):
            sonko[where] += 1
        for a in org.areas.all():
            per_area[where][a.pk] += 1
    return ngo, sonko, per_area


def _top(org: Any) -> int | None:
    m = org.municipality_ref
    return None if m is None else (m.parent_id or m.pk)


@pytest.mark.parametrize("code", ["elderly", "disabled", "youth"])
def test_municipal_figures_count_only_ngos_of_the_target_group(world: dict[str, Any], code: str) -> None:
    group = target_group(code)
    ngo, sonko, per_area = _expected(world["orgs"], group, _top)
    assert sum(ngo.values()) > 0  # the generator gave the group some organizations
    rows = {r.id: r for r in white_spots(region=world["perm"], target_group=group.pk)}
    assert set(rows) == {m.pk for m in world["okrugs"]} | {world["district"].pk}
    for pk, row in rows.items():
        assert (row.ngo_count, row.sonko_count, row.per_area) == (ngo[pk], sonko[pk], dict(per_area[pk])), row.name


def test_target_group_and_area_filters_combine(world: dict[str, Any]) -> None:
    group, social = target_group("elderly"), area("31.1-01")
    expected: Counter[int] = Counter()
    for org in world["orgs"]:
        if (
            org.kind == "ngo" and org.state == "active" and _top(org) is not None
            and org.target_groups.filter(pk=group.pk).exists() and org.areas.filter(pk=social.pk).exists()
        ):  # fmt: skip
            expected[_top(org)] += 1  # type: ignore[index]
    rows = white_spots(region=world["perm"], target_group=group.pk, area=social.pk)
    assert {r.id: r.ngo_count for r in rows} == {r.id: expected[r.id] for r in rows}


def test_settlement_and_subject_levels_take_the_filter_too(world: dict[str, Any]) -> None:
    group = target_group("youth")
    ngo, sonko, _ = _expected(world["orgs"], group, lambda o: o.settlement_id)
    (town,) = white_spots(region=world["perm"], level="settlement", target_group=group.pk)
    assert (town.ngo_count, town.sonko_count) == (ngo[world["town"].pk], sonko[world["town"].pk])
    by_region, sonko_by_region, _ = _expected(world["orgs"], group, lambda o: o.region_id)
    subjects = {r.id: r for r in white_spots_subjects(target_group=group.pk)}
    perm = subjects[world["perm"].pk]
    assert (perm.ngo_count, perm.sonko_count) == (by_region[perm.id], sonko_by_region[perm.id])
    assert subjects[region("86").pk].ngo_count == 0  # Сургут's NGO works with the elderly only


def test_the_filter_adds_no_queries(world: dict[str, Any]) -> None:
    elderly = target_group("elderly").pk
    with CaptureQueriesContext(connection) as plain:
        white_spots(region=world["perm"])
    with CaptureQueriesContext(connection) as filtered:
        white_spots(region=world["perm"], target_group=elderly)
    assert len(filtered) == len(plain) <= 6


def test_the_page_filters_and_links_to_the_same_organizations(world: dict[str, Any], perm_consultant: Any) -> None:
    group = target_group("elderly")
    client = login(perm_consultant)
    page = client.get(reverse("territories:white_spots", args=[world["perm"].pk]), {"target_group": group.pk})
    html = page.content.decode()
    assert "целевая группа «Пожилые люди»" in html
    okrug = world["okrugs"][1]
    (row,) = [r for r in page.context["rows"] if r.fig.id == okrug.pk]
    assert f"target_group={group.pk}" in row.ngo_url and f"target_group={group.pk}" in row.sonko_url
    assert all(f"target_group={group.pk}" in url for _, _, url in row.areas)
    assert row.ngo_url in html.replace("&amp;", "&")
    # The registry list behind the number holds exactly the organizations counted.
    listed = client.get(row.ngo_url).context["page_obj"]
    assert len(listed) == row.fig.ngo_count > 0
    assert all(o.target_groups.filter(pk=group.pk).exists() for o in listed)
    sonko_listed = client.get(row.sonko_url).context["page_obj"]
    assert len(sonko_listed) == row.fig.sonko_count


def test_the_export_follows_the_target_group_filter(world: dict[str, Any], client: Any) -> None:
    group = target_group("disabled")
    response = client.get(
        reverse("territories:white_spots_export", args=[world["perm"].pk, "csv"]), {"target_group": group.pk}
    )
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    name, ngo = header.index("Территория"), header.index("НКО")
    exported = {row[name]: int(row[ngo]) for row in rows}
    assert exported == {r.name: r.ngo_count for r in white_spots(region=world["perm"], target_group=group.pk)}
    assert exported != {r.name: r.ngo_count for r in white_spots(region=world["perm"])}


def test_the_api_takes_the_target_group_code(world: dict[str, Any], client: Any) -> None:
    group = target_group("youth")
    body = client.get("/api/v1/territories/white-spots", {"region": "57", "target_group": "youth"}).json()
    assert body["target_group"] == "youth"
    expected = {r.id: (r.ngo_count, r.sonko_count) for r in white_spots(region=world["perm"], target_group=group.pk)}
    assert {t["id"]: (t["ngo_count"], t["sonko_count"]) for t in body["territories"]} == expected
    unfiltered = client.get("/api/v1/territories/white-spots", {"region": "57"}).json()
    assert sum(t["ngo_count"] for t in unfiltered["territories"]) > sum(t[0] for t in expected.values())
    subjects = client.get("/api/v1/territories/white-spots/subjects", {"target_group": "youth"}).json()
    perm = next(s for s in subjects if s["id"] == world["perm"].pk)
    assert perm["ngo_count"] == next(
        r.ngo_count for r in white_spots_subjects(target_group=group.pk) if r.id == perm["id"]
    )


def test_the_api_refuses_an_unknown_target_group(client: Any) -> None:
    response = client.get("/api/v1/territories/white-spots", {"region": "57", "target_group": "martians"})
    assert response.status_code == 422
    assert "martians" in response.json()["detail"]
