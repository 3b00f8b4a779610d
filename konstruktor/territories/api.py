from typing import Any

from django.apps import apps
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from konstruktor.territories import queries
from konstruktor.territories.models import Region

router = Router(tags=["Регионы"])
white_spots_router = Router(tags=["Территории"])


class RegionOut(Schema):
    id: int
    name: str
    type: str
    code: str
    okato_prefix: str
    oktmo_prefix: str
    fns_code: str
    iso_code: str
    federal_district: str
    is_programme: bool
    is_pilot: bool
    codes_uncertain: bool


@router.get("", response=list[RegionOut], auth=None)
def regions(request: HttpRequest, programme: bool = False) -> list[RegionOut]:
    qs = queries.region_list()
    if programme:
        qs = qs.filter(is_programme=True)
    return [RegionOut.from_orm(r) for r in qs]


class ThresholdsOut(Schema):
    low_density_per_10k: float
    min_population: int


class TerritoryOut(Schema):
    level: str = Field(..., description="subject, municipality или settlement")
    id: int
    oktmo: str
    name: str
    kind: str
    region_id: int
    region: str
    parent: str = Field(..., description="муниципальное образование, в которое входит территория")
    population: int | None
    population_year: int | None
    population_source: str
    population_is_demo: bool = Field(..., description="численность — демонстрационные данные, не официальные")
    ngo_count: int
    sonko_count: int
    ngo_per_10k: float | None
    sonko_per_10k: float | None
    per_area: dict[str, int] = Field(..., description="НКО по направлениям: код направления → число")
    flags: list[str] = Field(..., description="no_ngo, no_sonko, low_density")
    flag_labels: list[str]
    rank: int | None = Field(..., description="место по плотности НКО, 1 — наименьшая")


class RegionRefOut(Schema):
    id: int
    name: str
    code: str
    oktmo_prefix: str
    fns_code: str


class WhiteSpotsOut(Schema):
    region: RegionRefOut
    level: str
    area: str | None
    target_group: str | None = Field(None, description="код целевой группы, если задан фильтр")
    thresholds: ThresholdsOut
    unlinked: int = Field(..., description="действующие НКО субъекта, не привязанные к территории")
    territories: list[TerritoryOut]


class ErrorOut(Schema):
    detail: str


def _area_codes() -> dict[int, str]:
    area_model = apps.get_model("organizations", "ActivityArea")
    return dict(area_model.objects.values_list("pk", "code"))


def _area_id(code: str) -> int | None:
    if not code:
        return None
    found = next((pk for pk, c in _area_codes().items() if c == code), None)
    if found is None:
        raise HttpError(422, f"Неизвестный код направления деятельности: {code}.")
    return found


def _target_group_id(code: str) -> int | None:
    if not code:
        return None
    group_model = apps.get_model("organizations", "TargetGroup")
    found = group_model.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise HttpError(
            422, f"Неизвестный код целевой группы: {code}. Справочник: GET /api/v1/organizations/target-groups."
        )
    return int(found)


def _out(row: queries.TerritoryFigures, codes: dict[int, str]) -> TerritoryOut:
    return TerritoryOut(
        level=row.level, id=row.id, oktmo=row.oktmo, name=row.name, kind=row.kind, region_id=row.region_id,
        region=row.region_name, parent=row.parent_name, population=row.population,
        population_year=row.population_year, population_source=row.population_source,
        population_is_demo=row.is_demo, ngo_count=row.ngo_count, sonko_count=row.sonko_count,
        ngo_per_10k=row.ngo_per_10k, sonko_per_10k=row.sonko_per_10k,
        per_area={codes.get(pk, str(pk)): n for pk, n in row.per_area.items()},
        flags=list(row.flags), flag_labels=row.flag_labels, rank=row.rank,
    )  # fmt: skip


def _thresholds() -> ThresholdsOut:
    t = queries.thresholds_current()
    return ThresholdsOut(low_density_per_10k=t.low_density_per_10k, min_population=t.min_population)


@white_spots_router.get(
    "/white-spots",
    response={200: WhiteSpotsOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="«Белые пятна» субъекта: НКО и СОНКО по муниципальным образованиям или населённым пунктам",
    description=(
        "Открытые данные: те же цифры, что на странице «Белые пятна» субъекта. Параметр `region` — "
        "двузначный код ОКАТО/ОКТМО субъекта (57 — Пермский край). Тюменская и Архангельская области "
        "делят код с автономными округами: `region=71` — сама Тюменская область (без ХМАО и ЯНАО), "
        "`region=11` — Архангельская область (без НАО); автономный округ выбирается префиксом ОКТМО "
        "(`region=718` — ХМАО — Югра, `region=719` — ЯНАО, `region=118` — НАО) или кодом ФНС в "
        "параметре `fns` (`fns=86`, `fns=89`, `fns=83`). `area` — код направления деятельности "
        "(например, 31.1-01), `target_group` — код целевой группы (например, elderly; справочник — "
        "GET /api/v1/organizations/target-groups): считаются только НКО, у которых она указана в карточке; "
        "`level` — municipality (по умолчанию) или settlement. Место 1 — "
        "наименьшая плотность НКО на 10 000 жителей; численность с `population_is_demo=true` — "
        "демонстрационные данные."
    ),
)
def white_spots(
    request: HttpRequest,
    region: str = "",
    fns: str = "",
    area: str = "",
    level: str = "municipality",
    target_group: str = "",
) -> tuple[int, Any]:
    if level not in queries.LEVELS:
        return 422, ErrorOut(detail="Параметр level: municipality или settlement.")
    if not region and not fns:
        return 422, ErrorOut(detail="Укажите субъект: region=<код ОКАТО/ОКТМО> или fns=<код ФНС>.")
    if not (region or fns).strip().isdigit():
        return 422, ErrorOut(detail="Код субъекта — цифры: region=57, region=718 или fns=86.")
    subject: Region | None = queries.region_by_api_code(code=region, fns=fns)
    if subject is None:
        return 404, ErrorOut(detail=f"Субъект с кодом «{fns or region}» не найден.")
    area_id = _area_id(area)
    group_id = _target_group_id(target_group)
    codes = _area_codes()
    rows = queries.white_spots(region=subject, area=area_id, level=level, target_group=group_id)
    return 200, WhiteSpotsOut(
        region=RegionRefOut.from_orm(subject),
        level=level,
        area=area or None,
        target_group=target_group or None,
        thresholds=_thresholds(),
        unlinked=queries.organizations_unlinked(region=subject, area=area_id, level=level, target_group=group_id),
        territories=[_out(r, codes) for r in rows],
    )


@white_spots_router.get(
    "/white-spots/subjects",
    response={200: list[TerritoryOut], 422: ErrorOut},
    auth=None,
    summary="«Белые пятна» по субъектам РФ",
    description=(
        "Открытые данные: НКО и СОНКО каждого субъекта, на 10 000 жителей, флаги и место по стране. "
        "`area` — код направления, `target_group` — код целевой группы."
    ),
)
def white_spots_subjects(request: HttpRequest, area: str = "", target_group: str = "") -> tuple[int, Any]:
    codes = _area_codes()
    rows = queries.white_spots_subjects(area=_area_id(area), target_group=_target_group_id(target_group))
    return 200, [_out(r, codes) for r in rows]
