"""Documents API: the questionnaire as JSON Schema, checking answers and rendering the ZIP.

Render and validate take the answers object itself as the request body; nothing is stored and no
support record is written (that happens when a draft is generated in the interface).
"""

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Body, Field, Query, Router, Schema

from konstruktor.core.access import scope_for
from konstruktor.documents import queries
from konstruktor.documents.assembly import documents_included, package_assemble
from konstruktor.documents.errors import BlockingProblems, RenderError
from konstruktor.documents.questionnaire import json_schema
from konstruktor.territories.models import Region

router = Router(tags=["Документы"])


class PackageOut(Schema):
    slug: str
    title: str
    description: str
    kind: str
    legal_basis: str
    documents: list[str]
    schema_url: str


class ProblemOut(Schema):
    rule: str
    severity: str = Field(description="error — блокирует формирование, warning — предупреждение, info — к сведению")
    severity_label: str
    field: str = Field(description="путь к ответу, например founders.1.person.birth_date; пусто — пакет в целом")
    message: str
    legal_basis: str
    title: str
    valid_from: str


class CheckOut(Schema):
    package: str
    checked_on: str
    blocking: bool
    problems: list[ProblemOut]
    documents: list[str]


class RenderParams(Schema):
    region: int | None = Field(None, description="id субъекта РФ для региональных вариантов шаблонов")


def _region(request: HttpRequest, region_id: int | None) -> Region | None:
    if region_id is not None:
        return Region.objects.filter(pk=region_id).first()
    regions = scope_for(request.user).view_region_ids
    return Region.objects.filter(pk=next(iter(regions))).first() if len(regions) == 1 else None


def _check_out(slug: str, checked: queries.Checked) -> CheckOut:
    return CheckOut(
        package=slug,
        checked_on=checked.on.isoformat(),
        blocking=bool(checked.blocking),
        problems=[ProblemOut(**p.as_dict()) for p in checked.problems],
        documents=[d.title for d in documents_included(checked)],
    )


@router.get("/packages", response=list[PackageOut], summary="Пакеты документов")
def package_list(request: HttpRequest) -> list[PackageOut]:
    result = []
    for package in queries.package_list_active():
        questionnaire = queries.questionnaire_for(package)
        result.append(
            PackageOut(
                slug=package.slug,
                title=package.title,
                description=package.description,
                kind=package.kind,
                legal_basis=package.legal_basis,
                documents=[d.title for d in questionnaire.documents],
                schema_url=f"/api/v1/documents/packages/{package.slug}",
            )
        )
    return result


@router.get("/packages/{slug}", response=dict[str, Any], summary="Анкета пакета как JSON Schema")
def package_schema(request: HttpRequest, slug: str) -> dict[str, Any]:
    package = queries.package_get_active(slug)
    return json_schema(queries.questionnaire_for(package), schema_id=f"/api/v1/documents/packages/{slug}")


@router.post("/packages/{slug}/validate", response=CheckOut, summary="Проверить ответы")
def package_validate(request: HttpRequest, slug: str, answers: Body[dict[str, Any]]) -> CheckOut:
    package = queries.package_get_active(slug)
    return _check_out(slug, queries.package_check(package=package, answers=answers))


@router.post(
    "/packages/{slug}/render",
    response={422: CheckOut},
    summary="Сформировать пакет (ZIP с DOCX)",
    openapi_extra={"responses": {200: {"description": "ZIP", "content": {"application/zip": {}}}}},
)
def package_render(
    request: HttpRequest,
    slug: str,
    params: Query[RenderParams],
    answers: Body[dict[str, Any]],
) -> Any:
    package = queries.package_get_active(slug)
    region = _region(request, params.region)
    checked = queries.package_check(package=package, answers=answers, region_name=region.name if region else "")
    try:
        assembled = package_assemble(
            package=package,
            answers=answers,
            region_id=region.pk if region else None,
            region_name=region.name if region else "",
            version=1,
            prepared_by=request.user.display_name() if hasattr(request.user, "display_name") else "",
            checked=checked,
        )
    except BlockingProblems:
        return 422, _check_out(slug, checked)
    except RenderError as exc:
        return 422, CheckOut(package=slug, checked_on=checked.on.isoformat(), blocking=True, documents=[],
                             problems=[ProblemOut(rule="RENDER", severity="error", severity_label="блокирует формирование",
                                                  field="", message=str(exc), legal_basis="", title="", valid_from="")])  # fmt: skip
    response = HttpResponse(assembled.archive, content_type="application/zip")
    name = f"{package.title}.zip"
    response["Content-Disposition"] = f"attachment; filename=\"package.zip\"; filename*=UTF-8''{quote(name)}"
    response["X-Render-Ms"] = str(assembled.render_ms)
    return response
