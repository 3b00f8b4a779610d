"""Consultation line API: scoped lists and cards for staff, the public question for everyone."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from konstruktor.consultations import actions, queries
from konstruktor.consultations.consent import CONSENT_VERSION, consent_text
from konstruktor.consultations.errors import ConsultationError, RateLimited
from konstruktor.consultations.forms import PublicQuestionForm
from konstruktor.consultations.models import Consultation, RequesterKind
from konstruktor.core.access import get_scoped_or_404
from konstruktor.core.audit import access_log

router = Router(tags=["Консультации"])


class ArticleRef(Schema):
    id: int
    title: str
    url: str


class ConsultationOut(Schema):
    id: int
    channel: str
    channel_name: str
    topic_id: int
    topic: str
    question: str
    region_id: int
    region: str
    requester_kind: str
    requester_organization_id: int | None
    requester_organization: str | None
    requester_organization_name: str
    requester_name: str | None = Field(None, description="только для сотрудников РЦ региона")
    requester_email: str | None = Field(None, description="только для сотрудников РЦ региона")
    requester_phone: str | None = Field(None, description="только для сотрудников РЦ региона")
    status: str
    status_name: str
    received_at: datetime.datetime
    due_date: datetime.date
    overdue: bool
    paused_days: int
    assigned_to: str | None
    answer: str
    answered_at: datetime.datetime | None
    working_days_to_answer: int | None
    articles_used: list[ArticleRef] = []
    rating: int | None
    rating_comment: str
    url: str


class Page(Schema):
    count: int
    page: int
    page_size: int
    results: list[ConsultationOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ListParams(Schema):
    status: str = ""
    topic: int | None = None
    region: int | None = None
    channel: str = ""
    assigned: str = Field("", description="me — мои, none — без консультанта, или id пользователя")
    overdue: bool = False
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


def _out(c: Consultation, *, user: Any, with_articles: bool = False) -> ConsultationOut:
    pd = queries.consultation_can_see_personal_data(consultation=c, user=user)
    org = c.requester_organization
    return ConsultationOut(
        id=c.pk, channel=c.channel, channel_name=c.get_channel_display(), topic_id=c.topic_id, topic=c.topic.name,
        question=c.question, region_id=c.region_id, region=c.region.name, requester_kind=c.requester_kind,
        requester_organization_id=c.requester_organization_id, requester_organization=str(org) if org else None,
        requester_organization_name=c.requester_organization_name,
        requester_name=c.requester_name if pd else None, requester_email=c.requester_email if pd else None,
        requester_phone=c.requester_phone if pd else None,
        status=c.status, status_name=c.get_status_display(), received_at=c.received_at, due_date=c.due_date,
        overdue=c.is_overdue(), paused_days=c.paused_days,
        assigned_to=c.assigned_to.display_name() if c.assigned_to else None,
        answer=c.answer, answered_at=c.answered_at, working_days_to_answer=c.working_days_to_answer,
        articles_used=[ArticleRef(id=a.pk, title=a.title, url=a.get_absolute_url()) for a in c.articles_used.all()]
        if with_articles else [],
        rating=c.rating, rating_comment=c.rating_comment, url=c.get_absolute_url(),
    )  # fmt: skip


@router.get("", response=Page, summary="Очередь консультаций (в пределах прав пользователя)")
def consultation_list(request: HttpRequest, params: Query[ListParams]) -> Page:
    filters = queries.ConsultationFilters(
        status=params.status, topic=params.topic, region=params.region, channel=params.channel,
        assigned=params.assigned, overdue=params.overdue,
    )  # fmt: skip
    qs = queries.consultation_filter(queries.consultation_list_visible(user=request.user), filters, user=request.user)
    start = (params.page - 1) * params.page_size
    rows = queries.consultation_rows(qs)[start : start + params.page_size]
    return Page(
        count=qs.count(),
        page=params.page,
        page_size=params.page_size,
        results=[_out(c, user=request.user) for c in rows],
    )


@router.get("/{int:pk}", response=ConsultationOut, summary="Карточка консультации")
def consultation_detail(request: HttpRequest, pk: int) -> ConsultationOut:
    qs = queries.consultation_rows(queries.consultation_list_visible(user=request.user))
    c = get_scoped_or_404(qs.prefetch_related("articles_used"), pk=pk)
    if queries.consultation_can_see_personal_data(consultation=c, user=request.user):
        access_log(obj=c, request=request, purpose="просмотр консультации через API")
    return _out(c, user=request.user, with_articles=True)


class TopicOut(Schema):
    id: int
    name: str
    sla_working_days: int


class RegionOut(Schema):
    id: int
    name: str


class ConsentOut(Schema):
    version: str
    text: str


@router.get("/topics", auth=None, response=list[TopicOut], summary="Темы вопросов и сроки ответа")
def topic_list(request: HttpRequest) -> list[TopicOut]:
    return [TopicOut(id=t.pk, name=t.name, sla_working_days=t.sla_working_days) for t in queries.topics_active()]


@router.get("/regions", auth=None, response=list[RegionOut], summary="Регионы, где работает ресурсный центр")
def region_list(request: HttpRequest) -> list[RegionOut]:
    return [RegionOut(id=r.pk, name=r.name) for r in queries.regions_with_resource_centre()]


@router.get("/consent", auth=None, response=ConsentOut, summary="Текст согласия на обработку персональных данных")
def consent_get(request: HttpRequest, region: int | None = None) -> ConsentOut:
    operator = queries.operators_by_region().get(region) if region else None
    return ConsentOut(version=CONSENT_VERSION, text=consent_text(operator=operator) if operator else consent_text())


class QuestionIn(Schema):
    region: int = Field(..., description="id из GET /consultations/regions")
    topic: int = Field(..., description="id из GET /consultations/topics")
    question: str
    requester_kind: str = Field(RequesterKind.PERSON, description="organization, initiative_group или person")
    requester_name: str
    requester_email: str = ""
    requester_phone: str = ""
    organization_name: str = ""
    organization_identifier: str = Field("", description="ИНН или ОГРН организации")
    consent: bool = Field(..., description="согласие на обработку персональных данных (текст — GET /consent)")
    consent_version: str = Field(..., description="редакция согласия, показанная заявителю")
    website: str = Field("", description="должно быть пустым")


class QuestionAccepted(Schema):
    id: int
    topic: str
    region: str
    due_date: datetime.date
    message: str


@router.post(
    "/questions",
    auth=None,
    response={201: QuestionAccepted, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Задать вопрос (без входа; нужно согласие на обработку персональных данных)",
)
def question_create(request: HttpRequest, payload: QuestionIn) -> tuple[int, Any]:
    if payload.consent and payload.consent_version != CONSENT_VERSION:
        return 422, ErrorOut(
            detail="Согласие дано в устаревшей редакции: покажите заявителю текст из GET /consultations/consent.",
        )
    data = payload.dict(exclude={"consent_version"})
    data["consent"] = "on" if payload.consent else ""
    form = PublicQuestionForm(data=data, check_timing=False)
    if not form.is_valid():
        status = 400 if form.spam_suspected else 422
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return status, ErrorOut(detail="Вопрос не принят: проверьте поля.", errors=errors)
    d = form.cleaned_data
    try:
        c = actions.consultation_submit_public(
            region=d["region"], topic=d["topic"], question=d["question"], requester_kind=d["requester_kind"],
            requester_name=d["requester_name"], requester_email=d["requester_email"],
            requester_phone=d["requester_phone"], organization_name=d["organization_name"],
            organization_identifier=d["organization_identifier"], consent_given=d["consent"],
            ip=request.META.get("REMOTE_ADDR") or None,
        )  # fmt: skip
    except RateLimited as exc:
        return 429, ErrorOut(detail=str(exc))
    except ConsultationError as exc:
        return 422, ErrorOut(detail=str(exc))
    return 201, QuestionAccepted(
        id=c.pk,
        topic=c.topic.name,
        region=c.region.name,
        due_date=c.due_date,
        message=f"Вопрос № {c.pk} принят. Ответ — не позднее {c.due_date:%d.%m.%Y}.",
    )
