"""The NinjaAPI instance: each app mounts its router at /api/v1/."""

from django.db import connection
from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from konstruktor.api.auth import AUTH
from konstruktor.consultations.api import router as consultations_router
from konstruktor.documents.api import router as documents_router
from konstruktor.governance.api import router as roadmaps_router
from konstruktor.incubator.api import router as incubator_router
from konstruktor.knowledge.api import router as knowledge_router
from konstruktor.monitoring.api import router as indicators_router
from konstruktor.organizations.api import router as organizations_router
from konstruktor.practices.api import router as practices_router
from konstruktor.replication.api import router as replication_router
from konstruktor.territories.api import router as territories_router
from konstruktor.territories.api import white_spots_router

api = NinjaAPI(
    title="Конструктор API",
    version="1.0.0",
    description="JSON API платформы «Конструктор». Аутентификация: сессия браузера или токен "
    "(заголовок Authorization: Bearer <токен>). Видимость данных та же, что в интерфейсе.",
    auth=AUTH,
    urls_namespace="api",
)


class HealthOut(Schema):
    status: str
    database: str
    vendor: str


@api.get("/health", auth=None, response={200: HealthOut, 503: HealthOut}, tags=["Служебное"])
def health(request: HttpRequest) -> tuple[int, HealthOut]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return 503, HealthOut(status="error", database="unavailable", vendor=connection.vendor)
    return 200, HealthOut(status="ok", database="ok", vendor=connection.vendor)


api.add_router("/regions", territories_router)
api.add_router("/territories", white_spots_router)
api.add_router("/organizations", organizations_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/consultations", consultations_router)
api.add_router("/documents", documents_router)
api.add_router("/incubator", incubator_router)
api.add_router("/indicators", indicators_router)
api.add_router("/roadmaps", roadmaps_router)
api.add_router("/practices", practices_router)
# /territories/{oktmo}/practice-matches and /organizations/{id}/practice-matches
api.add_router("", replication_router)
