"""API authentication: the browser session or a personal token (Authorization: Bearer …)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from konstruktor.core.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class OptionalAuth:
    """Lets anonymous requests through (public endpoints) but still recognises a token."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = TokenAuth().authenticate(request, header.split(" ", 1)[1].strip())
            if user is not None:
                return user
        return request.user if request.user.is_authenticated else True


AUTH = [TokenAuth(), django_auth]
