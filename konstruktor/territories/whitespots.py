"""«White spots»: how many NGOs and СОНКО each territory has, per 10 000 inhabitants, with flags.

The figures count organizations of the registry; `territories` must not import the
organizations app (it depends on us), so the models are taken from the app registry. Every
figure comes from a few grouped queries whatever the number of territories or organizations.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from konstruktor.territories.models import Municipality, MunicipalityKind, Region, Settlement, WhiteSpotSettings

LEVELS = {"municipality": "муниципальные образования", "settlement": "населённые пункты"}
FLAG_LABELS = {"no_ngo": "нет НКО", "no_sonko": "нет СОНКО", "low_density": "низкая плотность"}
# Organization kinds and states counted (values of organizations.Organization.Kind / State).
NGO_KIND = "ngo"
ACTIVE_STATE = "active"
SONKO_STATUS = "sonko"
_KIND_LABELS = dict(MunicipalityKind.choices)


@dataclass(frozen=True)
class TerritoryFigures:
    level: str  # "subject", "municipality" or "settlement"
    id: int
    oktmo: str
    name: str
    kind: str
    region_id: int
    region_name: str
    parent_name: str  # the municipality a settlement or поселение belongs to
    population: int | None
    population_year: int | None
    population_source: str
    is_demo: bool
    ngo_count: int
    sonko_count: int
    per_area: dict[int, int] = field(default_factory=dict)  # ActivityArea id → NGOs
    ngo_per_10k: float | None = None
    sonko_per_10k: float | None = None
    flags: tuple[str, ...] = ()
    rank: int | None = None

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]

    @property
    def anchor(self) -> str:
        """The id of the territory's row on the page («m-12»): the card links to it."""
        return {"subject": "r", "municipality": "m", "settlement": "s"}[self.level] + f"-{self.id}"


@dataclass(frozen=True)
class Thresholds:
    low_density_per_10k: float
    min_population: int


def thresholds_current() -> Thresholds:
    row = WhiteSpotSettings.objects.order_by("pk").first()
    if row is None:
        row = WhiteSpotSettings()
    return Thresholds(low_density_per_10k=float(row.low_density_per_10k), min_population=row.min_population)


def white_spot_settings_get() -> WhiteSpotSettings:
    return WhiteSpotSettings.objects.order_by("pk").first() or WhiteSpotSettings()


def _model(name: str) -> Any:
    return apps.get_model("organizations", name)


@dataclass(frozen=True)
class OrganizationFilter:
    """Which NGOs a figure counts: all active ones, or those of one area of activity and/or
    target group (ids of organizations.ActivityArea / organizations.TargetGroup)."""

    area: int | None = None
    target_group: int | None = None


def organizations_counted(*, area: int | None = None, target_group: int | None = None) -> QuerySet[Any]:
    """Active NGOs (kind «НКО», state «действующая»), optionally of one area and one target group."""
    qs = _model("Organization").objects.filter(kind=NGO_KIND, state=ACTIVE_STATE)
    if area:
        qs = qs.filter(areas__id=area)
    if target_group:
        qs = qs.filter(target_groups__id=target_group)
    return qs


def _current_sonko() -> QuerySet[Any]:
    today = datetime.date.today()
    return _model("OrganizationStatus").objects.filter(
        Q(since__isnull=True) | Q(since__lte=today),
        Q(until__isnull=True) | Q(until__gte=today),
        kind=SONKO_STATUS,
    )


def _grouped(
    field_name: str, where: dict[str, Any], which: OrganizationFilter, *, narrow: bool
) -> tuple[dict[Any, int], dict[Any, int], dict[Any, dict[int, int]]]:
    """NGOs, СОНКО and NGOs per area of activity, grouped by an organization field: two queries.

    NGOs and СОНКО come from one grouped pass over the org_whitespots_* indexes (grouping field,
    kind, state, id), never the wide organization rows. For one subject (narrow) each
    organization probes its statuses (EXISTS); for all of Russia the current СОНКО are listed
    once (IN) — SQLite would otherwise multiply the IN list by the subject's municipalities.
    Areas: for one subject the organizations drive and probe their area links; for all of Russia
    the area links drive, the cheaper way round for that many rows.
    """
    orgs = organizations_counted(area=which.area, target_group=which.target_group).filter(**where)
    if narrow:
        is_sonko = Q(Exists(_current_sonko().filter(organization_id=OuterRef("pk"))))
    else:
        is_sonko = Q(pk__in=_current_sonko().values("organization_id"))
    ngo: dict[Any, int] = {}
    sonko: dict[Any, int] = {}
    for key, n, s in orgs.values_list(field_name).annotate(n=Count("id"), s=Count("id", filter=is_sonko)).order_by():
        ngo[key] = n
        if s:
            sonko[key] = s
    per_area: dict[Any, dict[int, int]] = defaultdict(dict)
    if which.area:
        for key, n in ngo.items():
            per_area[key][which.area] = n
        return ngo, sonko, per_area
    if narrow:
        rows = orgs.filter(areas__isnull=False).values_list(field_name, "areas").annotate(n=Count("id")).order_by()
    else:
        through = _model("Organization").areas.through
        via_org = {f"organization__{k}": v for k, v in where.items()}
        if which.target_group:
            via_org["organization__target_groups__id"] = which.target_group
        rows = (
            through.objects.filter(**via_org, organization__kind=NGO_KIND, organization__state=ACTIVE_STATE)
            .values_list(f"organization__{field_name}", "activityarea_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    for key, area_id, n in rows:
        per_area[key][area_id] = n
    return ngo, sonko, per_area


def _per_10k(count: int, population: int | None) -> float | None:
    return round(count * 10000 / population, 2) if population else None


def _flags(ngo: int, sonko: int, density: float | None, population: int | None, t: Thresholds) -> tuple[str, ...]:
    if population is not None and population < t.min_population:
        return ()
    flags = []
    if ngo == 0:
        flags.append("no_ngo")
    if sonko == 0:
        flags.append("no_sonko")
    if ngo and density is not None and density < t.low_density_per_10k:
        flags.append("low_density")
    return tuple(flags)


def _ranked(rows: list[dict[str, Any]], thresholds: Thresholds) -> list[TerritoryFigures]:
    """Rank 1 is the lowest density (the whitest spot); territories without population get none."""
    for row in rows:
        row["ngo_per_10k"] = _per_10k(row["ngo_count"], row["population"])
        row["sonko_per_10k"] = _per_10k(row["sonko_count"], row["population"])
        row["flags"] = _flags(row["ngo_count"], row["sonko_count"], row["ngo_per_10k"], row["population"], thresholds)
    with_density = sorted((r for r in rows if r["ngo_per_10k"] is not None), key=lambda r: r["ngo_per_10k"])
    previous, rank = None, 0
    for index, row in enumerate(with_density, start=1):
        if row["ngo_per_10k"] != previous:
            rank, previous = index, row["ngo_per_10k"]
        row["rank"] = rank
    return [TerritoryFigures(**r) for r in rows]


def white_spots(
    *,
    region: Region | None,
    area: int | None = None,
    level: str = "municipality",
    target_group: int | None = None,
) -> list[TerritoryFigures]:
    """Figures for every top-level municipality (or settlement) of a subject; of all Russia when
    region is None. An organization counts where it is linked (Organization.municipality_ref /
    .settlement); an NGO linked to a поселение counts in its district or okrug. `area` and
    `target_group` count only the NGOs of that area of activity / working with that target group."""
    thresholds = thresholds_current()
    which = OrganizationFilter(area=area, target_group=target_group)
    regions = {region.pk: region.name} if region is not None else dict(Region.objects.values_list("pk", "name"))
    if level == "settlement":
        return _settlements(region, which, thresholds, regions)
    munis = Municipality.objects.all() if region is None else Municipality.objects.filter(region=region)
    records = list(
        munis.values(
            "pk", "oktmo", "name", "kind", "region_id", "parent_id", "population", "population_year",
            "population_source", "is_demo",
        )
    )  # fmt: skip
    parent_of = {m["pk"]: m["parent_id"] for m in records}
    names = {m["pk"]: m["name"] for m in records}
    top_of: dict[int, int] = {}
    for pk in parent_of:
        top, seen = pk, 0
        while parent_of.get(top) and seen < 5:
            top, seen = parent_of[top], seen + 1  # type: ignore[assignment]
        top_of[pk] = top

    where: dict[str, Any] = (
        {"municipality_ref__isnull": False}
        if region is None
        else {"municipality_ref__in": Municipality.objects.filter(region=region).values("pk")}
    )
    ngo, sonko, per_area = _grouped("municipality_ref_id", where, which, narrow=region is not None)
    ngo_total: dict[int, int] = defaultdict(int)
    sonko_total: dict[int, int] = defaultdict(int)
    area_total: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for pk, n in ngo.items():
        if pk in top_of:
            ngo_total[top_of[pk]] += n
    for pk, n in sonko.items():
        if pk in top_of:
            sonko_total[top_of[pk]] += n
    for pk, counts in per_area.items():
        if pk in top_of:
            target = area_total[top_of[pk]]
            for area_id, n in counts.items():
                target[area_id] += n
    rows = []
    for m in records:
        if m["parent_id"] and m["parent_id"] in parent_of:
            continue  # поселения roll up into their district
        pk = m["pk"]
        rows.append(
            {
                "level": "municipality", "id": pk, "oktmo": m["oktmo"], "name": m["name"],
                "kind": _KIND_LABELS.get(m["kind"], m["kind"]), "region_id": m["region_id"],
                "region_name": regions.get(m["region_id"], ""), "parent_name": names.get(m["parent_id"], ""),
                "population": m["population"], "population_year": m["population_year"],
                "population_source": m["population_source"], "is_demo": m["is_demo"],
                "ngo_count": ngo_total.get(pk, 0), "sonko_count": sonko_total.get(pk, 0),
                "per_area": dict(area_total[pk]) if pk in area_total else {},
            }
        )  # fmt: skip
    return _ranked(rows, thresholds)


def _settlements(
    region: Region | None, which: OrganizationFilter, thresholds: Thresholds, regions: dict[int, str]
) -> list[TerritoryFigures]:
    qs = Settlement.objects.all() if region is None else Settlement.objects.filter(region=region)
    records = list(
        qs.values(
            "pk", "oktmo", "name", "kind", "region_id", "municipality__name", "population", "population_year",
            "population_source", "is_demo",
        )
    )  # fmt: skip
    where: dict[str, Any] = (
        {"settlement__isnull": False}
        if region is None
        else {"settlement__in": Settlement.objects.filter(region=region).values("pk")}
    )
    ngo, sonko, per_area = _grouped("settlement_id", where, which, narrow=region is not None)
    rows = [
        {
            "level": "settlement", "id": s["pk"], "oktmo": s["oktmo"] or "", "name": s["name"], "kind": s["kind"],
            "region_id": s["region_id"], "region_name": regions.get(s["region_id"], ""),
            "parent_name": s["municipality__name"] or "", "population": s["population"],
            "population_year": s["population_year"], "population_source": s["population_source"],
            "is_demo": s["is_demo"], "ngo_count": ngo.get(s["pk"], 0), "sonko_count": sonko.get(s["pk"], 0),
            "per_area": per_area.get(s["pk"], {}),
        }
        for s in records
    ]  # fmt: skip
    return _ranked(rows, thresholds)


def white_spots_subjects(*, area: int | None = None, target_group: int | None = None) -> list[TerritoryFigures]:
    """The same figures per subject of the RF, by the organization's own subject; population from
    Region.population (loaded from Rosstat's workbook). Ranked across the country."""
    thresholds = thresholds_current()
    which = OrganizationFilter(area=area, target_group=target_group)
    ngo, sonko, per_area = _grouped("region_id", {}, which, narrow=False)
    rows = [
        {
            "level": "subject", "id": r.pk, "oktmo": r.oktmo_prefix, "name": r.name, "kind": r.type,
            "region_id": r.pk, "region_name": r.name, "parent_name": "", "population": r.population,
            "population_year": r.population_year, "population_source": r.population_source,
            "is_demo": r.population_is_demo, "ngo_count": ngo.get(r.pk, 0), "sonko_count": sonko.get(r.pk, 0),
            "per_area": per_area.get(r.pk, {}),
        }
        for r in Region.objects.all()
    ]  # fmt: skip
    return _ranked(rows, thresholds)


def organizations_unlinked(
    *, region: Region, area: int | None = None, level: str = "municipality", target_group: int | None = None
) -> int:
    """Active NGOs of the subject linked to no municipality (or settlement): they are in no row."""
    field_name = "settlement" if level == "settlement" else "municipality_ref"
    return (
        organizations_counted(area=area, target_group=target_group)
        .filter(region=region, **{f"{field_name}__isnull": True})
        .count()
    )
