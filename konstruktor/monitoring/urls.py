from django.urls import path

from konstruktor.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("federal/", views.federal, name="federal"),
    path("regions/<int:pk>/", views.region, name="region"),
    path("records/", views.records, name="records"),
    path("export.xlsx", views.export, name="export"),
]
