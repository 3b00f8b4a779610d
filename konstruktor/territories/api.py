from django.http import HttpRequest
from ninja import Router, Schema

from konstruktor.territories.queries import region_list

router = Router(tags=["Регионы"])


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
    qs = region_list()
    if programme:
        qs = qs.filter(is_programme=True)
    return [RegionOut.from_orm(r) for r in qs]
