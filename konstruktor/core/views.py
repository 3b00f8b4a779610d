from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from konstruktor.core import registry
from konstruktor.core.access import scope_for


def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    query = request.GET.get("q", "").strip()
    results = registry.search_all(query, scope, limit=10) if query else []
    return render(request, "core/home.html", {"query": query, "results": results, "roles": sorted(scope.roles)})
