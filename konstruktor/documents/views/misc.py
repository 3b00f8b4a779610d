"""The timeline helper, the list of legal rules and the parameters with dates of effect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone

from konstruktor.documents import actions, queries
from konstruktor.documents.errors import DocumentsError
from konstruktor.documents.forms import ParameterValueForm, TimelineForm
from konstruktor.documents.timeline import registration_timeline
from konstruktor.documents.validation import legal_rules


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    form = TimelineForm(request.GET or None)
    steps = []
    if form.is_valid():
        data = form.cleaned_data
        steps = registration_timeline(
            filing_date=data["filing_date"],
            law=data["law"],
            params=queries.parameters_on(data["filing_date"]),
            decision_date=data["decision_date"],
        )
    return render(request, "documents/timeline.html", {"form": form, "steps": steps})


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/rules.html", {"rules": legal_rules()})


@login_required
def parameters(request: HttpRequest) -> HttpResponse:
    can_edit = queries.can_edit_parameters(request.user)
    form = ParameterValueForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            return HttpResponseForbidden("Суммы, сроки и формы изменяет федеральный координатор.")
        if form.is_valid():
            try:
                actions.parameter_value_create(by=request.user, **form.cleaned_data)
            except DocumentsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Значение добавлено; оно применяется с указанной даты.")
                return redirect("documents:parameters")
    context = {"rows": queries.parameter_rows_on(timezone.localdate()), "form": form, "can_edit": can_edit}
    return render(request, "documents/parameters.html", context)
