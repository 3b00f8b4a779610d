"""Login with throttling of failed attempts per username and per address."""

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def _keys(request: HttpRequest, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:addr:{address}"]


def login_blocked(request: HttpRequest, username: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(request, username))


def login_failure_count(request: HttpRequest, username: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(request, username):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def login_failures_clear(request: HttpRequest, username: str) -> None:
    cache.delete_many(_keys(request, username)[:1])


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Неверное имя пользователя или пароль. Обратите внимание: оба поля чувствительны к регистру.",
        "throttled": "Слишком много неудачных попыток входа. Подождите 15 минут или восстановите пароль.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        assert self.request is not None
        if login_blocked(self.request, username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failure_count(self.request, username)
            raise
        login_failures_clear(self.request, username)
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
