from typing import Any

from django.http import HttpRequest

from konstruktor.core import registry
from konstruktor.core.access import scope_for


def shell(request: HttpRequest) -> dict[str, Any]:
    scope = scope_for(getattr(request, "user", None))
    return {"nav_items": registry.nav_items(scope), "scope": scope}
