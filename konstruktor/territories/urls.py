from django.urls import path

from konstruktor.territories import views, views_white_spots

app_name = "territories"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("<int:pk>/pilot/", views.region_pilot, name="pilot"),
    path("white-spots/", views_white_spots.white_spots_subjects, name="white_spots_subjects"),
    path(
        "white-spots/export.<str:fmt>",
        views_white_spots.white_spots_subjects_export,
        name="white_spots_subjects_export",
    ),
    path("white-spots/thresholds/", views_white_spots.thresholds, name="thresholds"),
    path("<int:pk>/white-spots/", views_white_spots.white_spots_region, name="white_spots"),
    path(
        "<int:pk>/white-spots/export.<str:fmt>", views_white_spots.white_spots_region_export, name="white_spots_export"
    ),
]
