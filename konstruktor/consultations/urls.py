from django.urls import path

from konstruktor.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/<str:token>/", views.ask_thanks, name="ask_thanks"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("new/", views.intake, name="intake"),
    path("statistics/", views.statistics, name="statistics"),
    path("export.xlsx", views.export, name="export"),
    path("organization/<int:pk>/", views.organization_history, name="organization"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/status/<slug:name>/", views.transition, name="transition"),
]
