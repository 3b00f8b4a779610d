"""Every change of a consultation: intake, the status transitions, the answer, the rating.

Each action checks who acts, locks the row, enforces the transition, writes the status history
(core.audit.change_record) and owns its transaction; the e-mail to the requester leaves only
after the commit.
"""

import datetime
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from konstruktor.consultations import consent, queries, sla
from konstruktor.consultations.errors import (
    AccessDenied,
    ConsentRequired,
    ConsultationError,
    IllegalTransition,
    RateLimited,
    RatingUnavailable,
)
from konstruktor.consultations.models import (
    Channel,
    Consultation,
    ConsultationNote,
    RequesterKind,
    Status,
    Topic,
)
from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record
from konstruktor.organizations.actions import support_record_create
from konstruktor.organizations.models import Organization, SupportForm, SupportService
from konstruktor.organizations.queries import organization_list_visible, resource_centres_for
from konstruktor.territories.models import Region

logger = logging.getLogger(__name__)

INTAKE_CHANNELS = (Channel.PHONE, Channel.VISIT, Channel.EMAIL)


def _rate_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "CONSULTATIONS_RATE_LIMIT", 5)),
        int(getattr(settings, "CONSULTATIONS_RATE_WINDOW_SECONDS", 3600)),
    )


def _rate_key(ip: str | None) -> str:
    return f"consultations:ask:{ip or 'unknown'}"


def public_rate_limited(*, ip: str | None) -> bool:
    limit, _ = _rate_limit()
    return (cache.get(_rate_key(ip)) or 0) >= limit


def _rate_count(ip: str | None) -> None:
    _, window = _rate_limit()
    key = _rate_key(ip)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


def site_url_default() -> str:
    return str(getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def _status_change(
    consultation: Consultation, *, by: Any, before: str, note: str, extra: dict[str, list[Any]] | None = None
) -> None:
    changes: dict[str, list[Any]] = {"статус": [Status(before).label, consultation.get_status_display()]}
    changes.update(extra or {})
    change_record(obj=consultation, actor=by, action="update", changes=changes, note=note)


def _locked(consultation: Consultation, *, by: Any) -> Consultation:
    """Re-read the row under a lock after checking that the user acts for its region."""
    if not queries.consultation_can_act(consultation=consultation, user=by):
        raise AccessDenied("Работать с консультацией может только сотрудник РЦ её региона.")
    return Consultation.objects.select_for_update().select_related("topic", "region").get(pk=consultation.pk)


def _require(consultation: Consultation, allowed: Iterable[str], message: str) -> None:
    if consultation.status not in allowed:
        raise IllegalTransition(f"{message} Сейчас консультация в статусе «{consultation.get_status_display()}».")


def _end_pause(consultation: Consultation, *, at: datetime.datetime) -> int:
    """Stop the pause: the due date moves by the working days spent waiting for the requester."""
    if consultation.paused_at is None:
        return 0
    days = sla.paused_working_days(paused=timezone.localdate(consultation.paused_at), resumed=timezone.localdate(at))
    consultation.due_date = sla.due_date_extended(due_date=consultation.due_date, days=days)
    consultation.paused_days += days
    consultation.paused_at = None
    return days


def _match_organization(*, region: Region, identifier: str) -> Organization | None:
    return queries.organization_match(region_id=region.pk, identifier=identifier) if identifier else None


def _operator(region: Region) -> str:
    centre = queries.resource_centre_of_region(region_id=region.pk)
    if centre is None:
        raise ConsultationError(
            f"В регионе «{region}» пока нет ресурсного центра на платформе: выберите другой регион."
        )
    return consent.operator_label(full_name=centre.full_name, inn=centre.inn, address=centre.address)


def _clean_text(value: str, *, field: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if max_length and len(value) > max_length:
        raise ConsultationError(f"{field}: не более {max_length} символов.")
    return value


def consultation_submit_public(
    *,
    region: Region,
    topic: Topic,
    question: str,
    requester_kind: str,
    requester_name: str,
    requester_email: str = "",
    requester_phone: str = "",
    organization_name: str = "",
    organization_identifier: str = "",
    consent_given: bool,
    ip: str | None,
    at: datetime.datetime | None = None,
) -> Consultation:
    """A question from the public form or the public API. The registry match stays silent."""
    if not consent_given:
        raise ConsentRequired(
            "Без согласия на обработку персональных данных мы не можем принять вопрос. Отметьте согласие "
            "или позвоните в ресурсный центр своего региона."
        )
    question = _clean_text(question, field="Вопрос", max_length=5000)
    if len(question) < 10:
        raise ConsultationError("Опишите вопрос подробнее: хотя бы одно предложение.")
    if not (requester_email.strip() or requester_phone.strip()):
        raise ConsultationError("Укажите e-mail или телефон: иначе консультант не сможет вам ответить.")
    if not topic.active:
        raise ConsultationError("Эта тема больше не принимается: выберите другую.")
    if requester_kind not in RequesterKind.values:
        raise ConsultationError("Укажите, от чьего имени задан вопрос.")
    if public_rate_limited(ip=ip):
        raise RateLimited(
            "С вашего адреса уже отправлено несколько вопросов за последний час. Попробуйте позже "
            "или позвоните в ресурсный центр своего региона."
        )
    at = at or timezone.now()
    operator = _operator(region)
    identifier = "".join(ch for ch in organization_identifier if ch.isdigit())[:15]
    with transaction.atomic():
        consultation = Consultation.objects.create(
            channel=Channel.WEB,
            topic=topic,
            question=question,
            region=region,
            requester_kind=requester_kind,
            requester_organization=(
                _match_organization(region=region, identifier=identifier)
                if requester_kind == RequesterKind.ORGANIZATION
                else None
            ),
            requester_organization_name=_clean_text(organization_name, field="Организация", max_length=500),
            requester_organization_identifier=identifier,
            requester_name=_clean_text(requester_name, field="Имя", max_length=255),
            requester_email=requester_email.strip(),
            requester_phone=_clean_text(requester_phone, field="Телефон", max_length=32),
            consent_text=consent.consent_text(operator=operator),
            consent_version=consent.CONSENT_VERSION,
            consent_at=at,
            consent_ip=ip or None,
            status=Status.NEW,
            received_at=at,
            due_date=sla.due_date_for(received=timezone.localdate(at), sla_working_days=topic.sla_working_days),
        )
        change_record(
            obj=consultation,
            actor=None,
            action="create",
            changes={"статус": [None, consultation.get_status_display()]},
            note="вопрос с сайта",
        )
    _rate_count(ip)
    return consultation


def consultation_intake(
    *,
    by: Any,
    channel: str,
    topic: Topic,
    region: Region,
    question: str,
    requester_kind: str = RequesterKind.PERSON,
    organization: Organization | None = None,
    organization_name: str = "",
    organization_identifier: str = "",
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    consent_given: bool = False,
    received_at: datetime.datetime | None = None,
) -> Consultation:
    """A question taken by a consultant by phone, in person or from an e-mail; it starts «в работе» with them."""
    scope = scope_for(by)
    if not (scope.is_federal or (scope.is_rc_staff and region.pk in scope.edit_region_ids)):
        raise AccessDenied("Принимать вопросы может сотрудник РЦ своего региона.")
    if channel not in INTAKE_CHANNELS:
        raise ConsultationError("Консультант принимает вопросы по телефону, на личном приёме и по электронной почте.")
    question = _clean_text(question, field="Вопрос", max_length=5000)
    if not question:
        raise ConsultationError("Запишите вопрос заявителя.")
    has_personal_data = any(v.strip() for v in (requester_name, requester_email, requester_phone))
    if has_personal_data and not consent_given:
        raise ConsentRequired(
            "Заявитель не дал согласия на обработку персональных данных: не записывайте имя и контакты "
            "или отметьте, что согласие получено."
        )
    if organization is not None and not organization_list_visible(user=by).filter(pk=organization.pk).exists():
        raise AccessDenied("Организация вне вашего региона.")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + datetime.timedelta(minutes=5):
        raise ConsultationError("Время поступления вопроса не может быть в будущем.")
    identifier = "".join(ch for ch in organization_identifier if ch.isdigit())[:15]
    if organization is None and identifier:
        organization = _match_organization(region=region, identifier=identifier)
    if organization is not None and requester_kind == RequesterKind.PERSON:
        requester_kind = (
            RequesterKind.INITIATIVE_GROUP
            if organization.kind == Organization.Kind.INITIATIVE_GROUP
            else RequesterKind.ORGANIZATION
        )
    operator = _operator(region)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            channel=channel,
            topic=topic,
            question=question,
            region=region,
            requester_kind=requester_kind,
            requester_organization=organization,
            requester_organization_name=_clean_text(organization_name, field="Организация", max_length=500),
            requester_organization_identifier=identifier,
            requester_name=_clean_text(requester_name, field="Имя", max_length=255),
            requester_email=requester_email.strip(),
            requester_phone=_clean_text(requester_phone, field="Телефон", max_length=32),
            consent_text=(
                consent.intake_consent_text(
                    consultant=by.display_name(), channel_label=Channel(channel).label, operator=operator
                )
                if has_personal_data
                else ""
            ),
            consent_version=consent.CONSENT_VERSION if has_personal_data else "",
            consent_at=now if has_personal_data else None,
            status=Status.IN_PROGRESS,
            assigned_to=by,
            received_at=received_at,
            due_date=sla.due_date_for(
                received=timezone.localdate(received_at), sla_working_days=topic.sla_working_days
            ),
            created_by=by,
        )
        change_record(
            obj=consultation,
            actor=by,
            action="create",
            changes={"статус": [None, consultation.get_status_display()], "канал": [None, Channel(channel).label]},
            note="вопрос принят консультантом",
        )
    return consultation


def consultation_take(*, consultation: Consultation, by: Any) -> Consultation:
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(c, [Status.NEW], "Взять в работу можно только новую консультацию.")
        before, assignee_before = c.status, c.assigned_to
        c.status = Status.IN_PROGRESS
        c.assigned_to = by
        c.save(update_fields=["status", "assigned_to"])
        extra = {"консультант": [str(assignee_before or "—"), by.display_name()]} if assignee_before != by else {}
        _status_change(c, by=by, before=before, note="взята в работу", extra=extra)
    return c


def consultation_assign(*, consultation: Consultation, by: Any, assignee: Any) -> Consultation:
    """Give the consultation to a consultant of its region; a consultant may only take it themself."""
    if assignee != by and not queries.can_manage_assignments(user=by):
        raise AccessDenied("Назначать консультации коллегам может руководитель РЦ или координатор.")
    if consultation.region_id not in queries.staff_region_ids(user=assignee) or not scope_for(assignee).is_rc_staff:
        raise ConsultationError("Назначить можно только сотрудника РЦ того же региона.")
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(
            c, [Status.NEW, Status.IN_PROGRESS, Status.WAITING], "Назначить консультанта можно, пока ответ не дан."
        )
        if c.assigned_to_id == assignee.pk:
            return c
        before = c.assigned_to.display_name() if c.assigned_to else "—"
        c.assigned_to = assignee
        c.save(update_fields=["assigned_to"])
        change_record(
            obj=c,
            actor=by,
            action="update",
            changes={"консультант": [before, assignee.display_name()]},
            note="назначен консультант",
        )
    return c


def consultation_wait_requester(
    *, consultation: Consultation, by: Any, at: datetime.datetime | None = None
) -> Consultation:
    """Ask the requester for details: the service-level clock stops until resumed."""
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(c, [Status.IN_PROGRESS], "Ждать ответа заявителя можно только по консультации в работе.")
        before = c.status
        c.status = Status.WAITING
        c.paused_at = at or timezone.now()
        c.save(update_fields=["status", "paused_at"])
        _status_change(c, by=by, before=before, note="срок приостановлен до ответа заявителя")
    return c


def consultation_resume(*, consultation: Consultation, by: Any, at: datetime.datetime | None = None) -> Consultation:
    """The requester answered: the clock runs again and the due date moves by the working days paused."""
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(c, [Status.WAITING], "Возобновить можно только консультацию, ожидающую ответа заявителя.")
        before, due_before = c.status, c.due_date
        days = _end_pause(c, at=at or timezone.now())
        c.status = Status.IN_PROGRESS
        c.save(update_fields=["status", "due_date", "paused_days", "paused_at"])
        extra = {"срок ответа": [f"{due_before:%d.%m.%Y}", f"{c.due_date:%d.%m.%Y}"]} if days else {}
        _status_change(c, by=by, before=before, note=f"возобновлена, срок продлён на {days} раб. дн.", extra=extra)
    return c


def consultation_close(*, consultation: Consultation, by: Any) -> Consultation:
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(c, [Status.ANSWERED], "Закрыть можно только консультацию, на которую дан ответ.")
        before = c.status
        c.status = Status.CLOSED
        c.save(update_fields=["status"])
        _status_change(c, by=by, before=before, note="закрыта")
    return c


def consultation_note_add(*, consultation: Consultation, by: Any, text: str) -> ConsultationNote:
    text = _clean_text(text, field="Заметка", max_length=5000)
    if not text:
        raise ConsultationError("Заметка пустая.")
    if not queries.consultation_can_act(consultation=consultation, user=by):
        raise AccessDenied("Заметки пишут сотрудники РЦ региона консультации.")
    return ConsultationNote.objects.create(consultation=consultation, author=by, text=text)


def _provider_for(c: Consultation, *, by: Any) -> Organization | None:
    centres = resource_centres_for(user=by)
    return centres.filter(region_id=c.region_id).order_by("pk").first() or centres.order_by("pk").first()


def _rating_url(token: str, site_url: str | None) -> str:
    return f"{(site_url or site_url_default()).rstrip('/')}{reverse('consultations:rate', args=[token])}"


def _send_answer_email(consultation_pk: int, rating_url: str) -> None:
    c = Consultation.objects.select_related("topic", "region").get(pk=consultation_pk)
    if not c.requester_email:
        return
    centre = queries.resource_centre_of_region(region_id=c.region_id)
    context = {"c": c, "rating_url": rating_url, "centre": centre}
    subject = " ".join(render_to_string("consultations/email/answer_subject.txt", context).split())
    body = render_to_string("consultations/email/answer_body.txt", context)
    try:
        EmailMessage(
            subject, body, to=[c.requester_email], reply_to=[centre.email] if centre and centre.email else None
        ).send()
    except Exception:  # the answer is saved; a mail outage must not hide it from the consultant
        logger.exception("Ответ на консультацию %s не отправлен по e-mail", c.pk)


def consultation_answer(
    *,
    consultation: Consultation,
    by: Any,
    answer: str,
    articles: Iterable[Any] = (),
    at: datetime.datetime | None = None,
    site_url: str | None = None,
    notify_requester: bool = True,
) -> Consultation:
    """Give the answer: one support record for the requester's organization, an e-mail with a rating link."""
    answer = _clean_text(answer, field="Ответ", max_length=20000)
    if not answer:
        raise ConsultationError("Ответ пустой: напишите его перед отправкой.")
    at = at or timezone.now()
    with transaction.atomic():
        c = _locked(consultation, by=by)
        _require(
            c,
            [Status.IN_PROGRESS, Status.WAITING],
            "Ответить можно на консультацию в работе или ожидающую ответа заявителя; новую сначала возьмите в работу.",
        )
        before = c.status
        _end_pause(c, at=at)
        answered_on = timezone.localdate(at)
        c.status = Status.ANSWERED
        c.answer = answer
        c.answered_at = at
        c.answered_by = by
        c.assigned_to = c.assigned_to or by
        c.working_days_to_answer = sla.working_days_to_answer(
            received=timezone.localdate(c.received_at), answered=answered_on, paused_days=c.paused_days
        )
        c.rating_token = secrets.token_urlsafe(32)
        c.save()
        articles = list(articles)
        c.articles_used.set(articles)
        _status_change(
            c,
            by=by,
            before=before,
            note="дан ответ",
            extra={"статьи справочника": [None, "; ".join(a.title for a in articles)]} if articles else None,
        )
        provider = _provider_for(c, by=by)
        if c.requester_organization is not None and provider is not None:
            support_record_create(
                by=by,
                provider=provider,
                recipient=c.requester_organization,
                date=answered_on,
                form=SupportForm.CONSULTATION,
                service=SupportService.CONSULTATION,
                description=f"Консультация № {c.pk} по теме «{c.topic}» ({c.get_channel_display().lower()})",
                source=c,
            )
        if notify_requester and c.requester_email:
            pk, url = c.pk, _rating_url(c.rating_token, site_url)
            transaction.on_commit(lambda: _send_answer_email(pk, url))
    return c


def consultation_rate(*, token: str, rating: int, comment: str = "") -> Consultation:
    """The requester's rating through the link from the e-mail: accepted once."""
    if rating not in range(1, 6):
        raise ConsultationError("Оценка — от 1 до 5.")
    comment = _clean_text(comment, field="Комментарий", max_length=3000)
    if not token:
        raise RatingUnavailable("Ссылка для оценки недействительна.")
    with transaction.atomic():
        c = Consultation.objects.select_for_update().filter(rating_token=token).first()
        if c is None or c.status not in (Status.ANSWERED, Status.CLOSED):
            raise RatingUnavailable("Ссылка для оценки недействительна.")
        if c.rated_at is not None:
            raise RatingUnavailable("Эта консультация уже оценена. Спасибо!")
        c.rating = rating
        c.rating_comment = comment
        c.rated_at = timezone.now()
        c.save(update_fields=["rating", "rating_comment", "rated_at"])
        change_record(obj=c, actor=None, action="update", changes={"оценка": [None, rating]}, note="оценка заявителя")
    return c
