from django.urls import path

from konstruktor.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("<int:pk>/pilot/", views.region_pilot, name="pilot"),
]
