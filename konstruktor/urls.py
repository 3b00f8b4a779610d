from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from konstruktor.api.api import api
from konstruktor.core import views as core_views
from konstruktor.core.auth import ThrottledLoginView
from konstruktor.practices.views_catalog import SITEMAPS

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", api.urls),
    path("regions/", include("konstruktor.territories.urls")),
    path("organizations/", include("konstruktor.organizations.urls")),
    path("handbook/", include("konstruktor.knowledge.urls")),
    path("consultations/", include("konstruktor.consultations.urls")),
    path("documents/", include("konstruktor.documents.urls")),
    path("incubator/", include("konstruktor.incubator.urls")),
    path("governance/", include("konstruktor.governance.urls")),
    path("indicators/", include("konstruktor.monitoring.urls")),
    path("practices/", include("konstruktor.practices.urls")),
    path("expertise/", include("konstruktor.expertise.urls")),
    path("transfers/", include("konstruktor.replication.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
