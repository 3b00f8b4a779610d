from django.urls import path

from konstruktor.organizations import views, views_import

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("export.<str:fmt>", views.organization_export, name="export"),
    path("new/", views.organization_new, name="new"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/statuses/", views.organization_status_add, name="status_add"),
    path("<int:pk>/support/new/", views.support_new, name="support_new"),
    path("support/", views.support_list, name="support_list"),
    path("support/register.<str:fmt>", views.support_register_export, name="support_register"),
    path("import/", views_import.import_upload, name="import_upload"),
    path("import/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views_import.import_progress, name="import_progress"),
]
