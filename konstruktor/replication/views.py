"""Requests and transfers: parse → authorize → one call → render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.access import get_scoped_or_404
from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.organizations.queries import organization_list_visible
from konstruktor.replication import actions, matching, queries
from konstruktor.replication.errors import AccessDenied, ReplicationError
from konstruktor.replication.forms import (
    AcceptForm,
    AdaptationForm,
    CompleteForm,
    DeclineForm,
    FidelityCheckForm,
    OutcomesForm,
    RequestForm,
    StageForm,
    StopForm,
)
from konstruktor.replication.models import (
    CHECKED_STAGES,
    STAGE_ORDER,
    RequestStatus,
    Stage,
    Transfer,
    TransferStatus,
)
from konstruktor.territories.models import Municipality

PAGE_SIZE = 25


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    return get_scoped_or_404(queries.transfer_detail(queries.transfer_list_visible(user=request.user)), pk=pk)


def _fail(request: HttpRequest, exc: ReplicationError) -> None:
    if isinstance(exc, AccessDenied):
        raise PermissionDenied(str(exc))
    messages.error(request, str(exc))


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = queries.transfer_rows(queries.transfer_list_visible(user=request.user))
    if status in TransferStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    requests_qs = queries.request_rows(queries.request_list_visible(user=request.user))
    return render(
        request,
        "replication/list.html",
        {
            "page_obj": page,
            "status": status,
            "querystring": f"status={status}" if status else "",
            "statuses": TransferStatus.choices,
            "new_requests": requests_qs.filter(status=RequestStatus.NEW)[:50],
            "decided_requests": requests_qs.exclude(status=RequestStatus.NEW)[:20],
            "stage_count": len(STAGE_ORDER),
        },
    )


def _fidelity_matrix(transfer: Transfer) -> list[tuple[Any, list[Any]]]:
    checks = list(transfer.fidelity_checks.all())
    marks = {(m.fidelity_check_id, m.item_id): m for c in checks for m in c.marks.all()}
    return [(item, [marks.get((c.pk, item.pk)) for c in checks]) for item in transfer.fidelity_items.all()]


@login_required
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    can_coordinate = queries.transfer_can_coordinate(transfer=transfer, user=request.user)
    active = transfer.is_active
    checked = {c.stage for c in transfer.fidelity_checks.all()}
    has_items = bool(transfer.fidelity_items.all())
    support = SupportRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Transfer), source_id=transfer.pk
    ).select_related("provider")
    components = transfer.practice.components.all()
    context = {
        "transfer": transfer,
        "stages": Stage.choices,
        "stage_index": transfer.stage_index,
        "is_last_stage": transfer.stage == STAGE_ORDER[-1],
        "needs_check": has_items and transfer.stage in CHECKED_STAGES and transfer.stage not in checked,
        "checked_stages": checked,
        "fidelity_rows": _fidelity_matrix(transfer),
        "checks": list(transfer.fidelity_checks.all()),
        "series": queries.fidelity_series(transfer),
        "can_edit": active,
        "can_coordinate": can_coordinate and active,
        "stage_form": StageForm(),
        "adaptation_form": AdaptationForm(components=components),
        "outcomes_form": OutcomesForm(outcomes=list(transfer.outcomes.all())),
        "complete_form": CompleteForm(),
        "stop_form": StopForm(),
        "support": support,
        "core_changes": sum(1 for a in transfer.adaptations.all() if a.changes_core),
    }
    return render(request, "replication/transfer_detail.html", context)


@login_required
@require_POST
def transfer_stage(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = StageForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        transfer = actions.transfer_stage_advance(transfer=transfer, by=request.user, comment=comment)
    except ReplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"Трансфер перешёл на этап «{transfer.get_stage_display()}».")
    return redirect(transfer)


@login_required
def transfer_fidelity(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = FidelityCheckForm(request.POST or None, items=list(transfer.fidelity_items.all()))
    if request.method == "POST" and form.is_valid():
        try:
            check = actions.fidelity_check_record(
                transfer=transfer, by=request.user, marks=form.marks(), comment=form.cleaned_data["comment"]
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ReplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Проверка соответствия записана: индекс {check.index} %.")
            return redirect(transfer)
    return render(request, "replication/fidelity_form.html", {"transfer": transfer, "form": form})


@login_required
@require_POST
def transfer_adaptation(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = AdaptationForm(request.POST, components=transfer.practice.components.all())
    if not form.is_valid():
        messages.error(request, "Адаптация не записана: опишите, что изменено и почему.")
        return redirect(transfer)
    try:
        adaptation = actions.adaptation_record(transfer=transfer, by=request.user, **form.cleaned_data)
    except ReplicationError as exc:
        _fail(request, exc)
    else:
        flag = " Изменён ключевой компонент — отмечено в журнале." if adaptation.changes_core else ""
        messages.success(request, "Адаптация записана." + flag)
    return redirect(transfer)


@login_required
@require_POST
def transfer_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = OutcomesForm(request.POST, outcomes=list(transfer.outcomes.all()))
    if not form.is_valid():
        messages.error(request, "Показатели не сохранены: проверьте значения (срок эффекта — целое число месяцев).")
        return redirect(transfer)
    try:
        actions.transfer_outcomes_update(transfer=transfer, by=request.user, values=form.values())
    except ReplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Показатели сохранены.")
    return redirect(transfer)


@login_required
@require_POST
def transfer_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    plan_step = get_object_or_404(transfer.steps.all(), pk=step)
    try:
        actions.transfer_step_mark(
            transfer=transfer, step=plan_step, by=request.user, done=request.POST.get("done") == "1"
        )
    except ReplicationError as exc:
        _fail(request, exc)
    return redirect(transfer.get_absolute_url() + "#plan")


@login_required
def transfer_complete(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    if not queries.transfer_can_coordinate(transfer=transfer, user=request.user):
        raise PermissionDenied("Итог трансфера вносит сотрудник РЦ региона получателя.")
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.transfer_complete(transfer=transfer, by=request.user, **form.cleaned_data)
        except ReplicationError as exc:
            form.add_error(None, str(exc))
        else:
            note = " Результат учтён в доказанности практики." if transfer.evaluation_id else ""
            messages.success(request, "Трансфер завершён." + note)
            return redirect(transfer)
    return render(request, "replication/complete_form.html", {"transfer": transfer, "form": form})


@login_required
@require_POST
def transfer_stop(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    form = StopForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Напишите, почему трансфер прекращён.")
        return redirect(transfer)
    try:
        actions.transfer_stop(transfer=transfer, by=request.user, summary=form.cleaned_data["summary"])
    except ReplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Трансфер прекращён.")
    return redirect(transfer)


# ---------------------------------------------------------------- requests


def _request_form(request: HttpRequest, data: Any = None, initial: Any = None) -> RequestForm:
    requesters = queries.requesters_for(user=request.user)
    regions = requesters.values("region_id")
    recipients = organization_list_visible(user=request.user).filter(
        region_id__in=regions, kind__in=[Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP]
    )
    return RequestForm(
        data,
        initial=initial,
        requesters=requesters,
        recipients=recipients,
        municipalities=Municipality.objects.filter(region_id__in=regions, parent__isnull=True).order_by("name"),
    )


@login_required
def request_new(request: HttpRequest, practice: int) -> HttpResponse:
    chosen = get_object_or_404(matching.practices_offered().select_related("organization", "region"), pk=practice)
    if not queries.requesters_for(user=request.user).exists():
        raise PermissionDenied("Заявку подают сотрудники РЦ и представители НКО.")
    initial = {k: request.GET.get(k) for k in ("recipient", "municipality") if request.GET.get(k, "").isdigit()}
    form = _request_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = actions.request_create(
                by=request.user,
                practice=chosen,
                requester=d["requester"],
                recipient=d["recipient"],
                municipality=d["municipality"],
                motivation=d["motivation"],
            )
        except ReplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Заявка на тиражирование подана: её рассмотрит РЦ региона получателя.")
            return redirect(created)
    return render(request, "replication/request_form.html", {"practice": chosen, "form": form})


def _recipients(req: Any) -> Any:
    """Who may receive the practice: an NGO or an initiative group of the request's region."""
    return Organization.objects.filter(region_id=req.region_id).filter(
        Q(kind=Organization.Kind.NGO) | Q(kind=Organization.Kind.INITIATIVE_GROUP)
    )


def _request(request: HttpRequest, pk: int) -> Any:
    qs = queries.request_rows(queries.request_list_visible(user=request.user))
    return get_scoped_or_404(qs, pk=pk)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    can_decide = req.status == RequestStatus.NEW and queries.request_can_decide(request=req, user=request.user)
    recipients = _recipients(req)
    return render(
        request,
        "replication/request_detail.html",
        {
            "req": req,
            "can_decide": can_decide,
            "accept_form": AcceptForm(recipients=recipients, initial={"recipient": req.recipient_id}),
            "decline_form": DeclineForm(),
            "transfer": Transfer.objects.filter(request=req).first(),
        },
    )


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    form = AcceptForm(request.POST, recipients=_recipients(req))
    if not form.is_valid():
        messages.error(
            request,
            "Проверьте организацию-получателя (НКО или инициативная группа региона заявки) и дату начала.",
        )
        return redirect(req)
    d = form.cleaned_data
    try:
        transfer = actions.request_accept(
            request=req, by=request.user, recipient=d["recipient"], comment=d["comment"], start=d["start"]
        )
    except ReplicationError as exc:
        _fail(request, exc)
        return redirect(req)
    messages.success(request, "Заявка принята, трансфер начат: план составлен из шагов запуска практики.")
    return redirect(transfer)


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    form = DeclineForm(request.POST)
    try:
        actions.request_decline(
            request=req, by=request.user, comment=form.cleaned_data["comment"] if form.is_valid() else ""
        )
    except ReplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Заявка отклонена, заявитель увидит причину.")
    return redirect(req)
