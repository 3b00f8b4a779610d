"""Registry API: the same scoping, validation and actions as the pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.paging import COUNT_CAP, capped_count
from konstruktor.organizations import actions, queries
from konstruktor.organizations.errors import AccessDenied, DuplicateOrganization, OrganizationError
from konstruktor.organizations.forms import OrganizationForm
from konstruktor.organizations.models import ActivityArea, LegalForm, Organization, TargetGroup
from konstruktor.territories.models import Region

router = Router(tags=["Организации"])


class StatusOut(Schema):
    kind: str
    name: str
    since: datetime.date | None
    until: datetime.date | None


class OrganizationOut(Schema):
    id: int
    kind: str
    full_name: str
    short_name: str
    legal_form: str | None = Field(None, description="код ОКОПФ")
    legal_form_name: str | None = None
    inn: str
    ogrn: str
    kpp: str
    registration_date: datetime.date | None
    state: str
    region_id: int
    region: str
    municipality: str
    address: str
    website: str
    areas: list[str] = []
    target_groups: list[str] = Field(default_factory=list, description="коды целевых групп")
    statuses: list[StatusOut] = []
    url: str


class OrganizationIn(Schema):
    full_name: str
    short_name: str = ""
    kind: str = Organization.Kind.NGO
    legal_form: str | None = Field(None, description="код ОКОПФ, например 71400")
    inn: str = ""
    ogrn: str = ""
    kpp: str = ""
    minjust_number: str = ""
    registration_date: datetime.date | None = None
    state: str = Organization.State.ACTIVE
    region: int = Field(..., description="id субъекта из GET /api/v1/regions")
    municipality: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    contact_person: str = ""
    main_activity: str = ""
    areas: list[str] = Field(default_factory=list, description="коды направлений, например 31.1-01")
    target_groups: list[str] = Field(
        default_factory=list,
        description="коды целевых групп (GET /api/v1/organizations/target-groups), например elderly",
    )


class OrganizationPatch(Schema):
    full_name: str | None = None
    short_name: str | None = None
    kind: str | None = None
    legal_form: str | None = None
    inn: str | None = None
    ogrn: str | None = None
    kpp: str | None = None
    minjust_number: str | None = None
    registration_date: datetime.date | None = None
    state: str | None = None
    region: int | None = None
    municipality: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    contact_person: str | None = None
    main_activity: str | None = None
    areas: list[str] | None = None
    target_groups: list[str] | None = Field(None, description="коды целевых групп; не переданы — не меняются")


class Page(Schema):
    count: int = Field(..., description=f"число найденных, но не больше {COUNT_CAP}")
    count_capped: bool = Field(False, description="найдено не меньше, чем count")
    page: int
    page_size: int
    results: list[OrganizationOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
    existing_url: str | None = None


def _out(org: Organization) -> OrganizationOut:
    return OrganizationOut(
        id=org.pk, kind=org.kind, full_name=org.full_name, short_name=org.short_name,
        legal_form=org.legal_form.okopf if org.legal_form else None,
        legal_form_name=org.legal_form.name if org.legal_form else None,
        inn=org.inn, ogrn=org.ogrn, kpp=org.kpp, registration_date=org.registration_date,
        state=org.state, region_id=org.region_id, region=org.region.name,
        municipality=org.municipality, address=org.address, website=org.website,
        areas=[a.code for a in org.areas.all()],
        target_groups=[t.code for t in org.target_groups.all()],
        statuses=[StatusOut(kind=s.kind, name=s.get_kind_display(), since=s.since, until=s.until)
                  for s in org.statuses.all()],
        url=org.get_absolute_url(),
    )  # fmt: skip


# The wide columns OrganizationOut holds (the rest stay unread in a list).
_LIST_SHOWN = ("address", "website")


class ListParams(Schema):
    q: str = ""
    region: int | None = None
    legal_form: str | None = Field(None, description="код ОКОПФ")
    status: str = ""
    area: str | None = Field(None, description="код направления")
    target_group: str | None = Field(None, description="код целевой группы")
    kind: str = ""
    state: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class TargetGroupOut(Schema):
    code: str
    name: str


@router.get("/target-groups", response=list[TargetGroupOut], auth=None, summary="Справочник целевых групп")
def target_group_list(request: HttpRequest) -> list[TargetGroupOut]:
    return [TargetGroupOut(code=t.code, name=t.name) for t in TargetGroup.objects.all()]


def _target_group_id(code: str | None) -> int | None:
    if not code:
        return None
    found = TargetGroup.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise HttpError(422, f"Неизвестный код целевой группы: {code}.")
    return found


@router.get("", response=Page, summary="Список организаций с поиском и фильтрами")
def organization_list(request: HttpRequest, params: Query[ListParams]) -> Page:
    filters = queries.OrganizationFilters(
        q=params.q, region=params.region,
        legal_form=LegalForm.objects.filter(okopf=params.legal_form).values_list("pk", flat=True).first()
        if params.legal_form else None,
        status=params.status,
        area=ActivityArea.objects.filter(code=params.area).values_list("pk", flat=True).first() if params.area else None,
        kind=params.kind, state=params.state,
        target_group=_target_group_id(params.target_group),
    )  # fmt: skip
    qs = queries.organization_filter(queries.organization_list_visible(user=request.user), filters)
    start = (params.page - 1) * params.page_size
    rows = queries.organization_list_page_rows(qs, shown=_LIST_SHOWN).prefetch_related("areas", "target_groups")[
        start : start + params.page_size
    ]
    count = capped_count(qs)
    return Page(
        count=count,
        count_capped=count >= COUNT_CAP,
        page=params.page,
        page_size=params.page_size,
        results=[_out(o) for o in rows],
    )


def _visible(request: HttpRequest, pk: int) -> Organization:
    qs = queries.organization_list_visible(user=request.user).select_related("region", "legal_form")
    return get_scoped_or_404(qs, pk=pk)


@router.get("/{int:pk}", response=OrganizationOut, summary="Карточка организации")
def organization_detail(request: HttpRequest, pk: int) -> OrganizationOut:
    return _out(_visible(request, pk))


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k not in ("legal_form", "areas", "target_groups", "registration_date")}
    data["registration_date"] = values["registration_date"].isoformat() if values.get("registration_date") else ""
    okopf = values.get("legal_form")
    data["legal_form"] = LegalForm.objects.filter(okopf=okopf).values_list("pk", flat=True).first() if okopf else ""
    if okopf and not data["legal_form"]:
        raise HttpError(422, f"Неизвестный код ОКОПФ: {okopf}.")
    codes = values.get("areas") or []
    area_ids = list(ActivityArea.objects.filter(code__in=codes).values_list("pk", flat=True))
    if len(area_ids) != len(set(codes)):
        raise HttpError(422, "Неизвестный код направления деятельности.")
    data["areas"] = area_ids
    codes = values.get("target_groups") or []
    group_ids = list(TargetGroup.objects.filter(code__in=codes).values_list("pk", flat=True))
    if len(group_ids) != len(set(codes)):
        unknown = sorted(set(codes) - set(TargetGroup.objects.filter(code__in=codes).values_list("code", flat=True)))
        raise HttpError(422, f"Неизвестный код целевой группы: {', '.join(unknown)}.")
    data["target_groups"] = group_ids
    return data


def _regions(user: Any) -> Any:
    scope = scope_for(user)
    return Region.objects.all() if scope.is_federal else Region.objects.filter(pk__in=scope.edit_region_ids)


def _errors(form: OrganizationForm) -> dict[str, list[str]]:
    return {field: [str(e) for e in errs] for field, errs in form.errors.items()}


def _save(request: HttpRequest, form: OrganizationForm, instance: Organization | None) -> tuple[int, Any]:
    if not form.is_valid():
        return 422, ErrorOut(detail="Данные не прошли проверку.", errors=_errors(form))
    fields = dict(form.cleaned_data)
    fields["areas"] = list(fields.pop("areas", []))
    fields["target_groups"] = list(fields.pop("target_groups", []))
    try:
        if instance is None:
            org = actions.organization_create(by=request.user, **fields)
        else:
            org = actions.organization_update(organization=instance, by=request.user, **fields)
    except DuplicateOrganization as exc:
        return 409, ErrorOut(detail=str(exc), existing_url=exc.url)
    except AccessDenied as exc:
        return 403, ErrorOut(detail=str(exc))
    except OrganizationError as exc:
        return 422, ErrorOut(detail=str(exc))
    return (201 if instance is None else 200), _out(
        Organization.objects.select_related("region", "legal_form").get(pk=org.pk)
    )


@router.post(
    "", response={201: OrganizationOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut}, summary="Добавить организацию"
)
def organization_create(request: HttpRequest, payload: OrganizationIn) -> tuple[int, Any]:
    if not scope_for(request.user).is_rc_staff:
        return 403, ErrorOut(detail="Добавлять организации могут сотрудники РЦ.")
    form = OrganizationForm(data=_form_data(payload.dict()), regions=_regions(request.user))
    return _save(request, form, None)


@router.patch(
    "/{int:pk}",
    response={200: OrganizationOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Изменить организацию (переданные поля)",
)
def organization_update(request: HttpRequest, pk: int, payload: OrganizationPatch) -> tuple[int, Any]:
    org = _visible(request, pk)
    if not actions.organization_can_edit(organization=org, user=request.user):
        return 403, ErrorOut(detail="У вас нет прав на изменение этой организации.")
    current = OrganizationIn(
        **{name: getattr(org, name) for name in OrganizationIn.model_fields
           if name not in ("legal_form", "region", "areas", "target_groups")},
        legal_form=org.legal_form.okopf if org.legal_form else None,
        region=org.region_id, areas=[a.code for a in org.areas.all()],
        target_groups=[t.code for t in org.target_groups.all()],
    ).dict()  # fmt: skip
    current.update(payload.dict(exclude_unset=True))
    scope = scope_for(request.user)
    regions = (
        Region.objects.all()
        if scope.is_federal
        else Region.objects.filter(pk__in=scope.edit_region_ids | {org.region_id})
    )
    form = OrganizationForm(data=_form_data(current), instance=Organization.objects.get(pk=pk), regions=regions)
    return _save(request, form, org)
