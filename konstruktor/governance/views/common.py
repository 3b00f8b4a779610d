"""What the governance views share: form pages, one-action POSTs, error reporting and file downloads."""

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render

from konstruktor.governance.errors import AccessDenied, GovernanceError


def form_errors(form: forms.BaseForm) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
        for f, errs in form.errors.items()
        for e in errs
    )


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse("Только POST.", status=405, headers={"Allow": "POST"})
        return view(request, *args, **kwargs)

    return wrapped


def act(request: HttpRequest, back: str, call: Callable[[], Any], success: str) -> HttpResponse:
    """Run one action from a POST and go back to the page: a refusal is 403, a rule a message."""
    try:
        call()
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except GovernanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(back)


def form_act(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    back: str,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    invalid: str = "",
) -> HttpResponse:
    """A POSTed form for one action: invalid input goes back with its errors (after `invalid`),
    valid input goes to `call(cleaned_data)` through `act`."""
    if not form.is_valid():
        messages.error(request, invalid + form_errors(form))
        return redirect(back)
    return act(request, back, lambda: call(form.cleaned_data), success)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    title: str,
    **links: str,
) -> HttpResponse:
    """A create or edit page on governance/form.html: a valid POST calls `save(cleaned_data)` and
    goes to the saved object; a refusal stays on the form as its error. `links`: back or cancel."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success(saved))
            return redirect(saved)
    return render(request, "governance/form.html", {"form": form, "title": title, **links})


def file_download(field: FieldFile, original_name: str) -> FileResponse:
    if not field:
        raise Http404("Файла нет.")
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Файл не найден в хранилище.") from exc
    name = original_name or (field.name or "file").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
