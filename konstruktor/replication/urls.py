from django.urls import URLPattern, URLResolver, path

from konstruktor.replication import views, views_matching

app_name = "replication"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.transfer_list, name="list"),
    path("<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("<int:pk>/stage/", views.transfer_stage, name="transfer_stage"),
    path("<int:pk>/fidelity/", views.transfer_fidelity, name="transfer_fidelity"),
    path("<int:pk>/adaptations/", views.transfer_adaptation, name="transfer_adaptation"),
    path("<int:pk>/outcomes/", views.transfer_outcomes, name="transfer_outcomes"),
    path("<int:pk>/steps/<int:step>/", views.transfer_step, name="transfer_step"),
    path("<int:pk>/complete/", views.transfer_complete, name="transfer_complete"),
    path("<int:pk>/stop/", views.transfer_stop, name="transfer_stop"),
    path("requests/new/<int:practice>/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("matches/territory/<str:oktmo>/", views_matching.territory_matches, name="territory_matches"),
    path("matches/organization/<int:pk>/", views_matching.organization_matches, name="organization_matches"),
    path("fit/<int:practice>/territory/<str:oktmo>/", views_matching.fit_territory, name="fit_territory"),
    path("fit/<int:practice>/organization/<int:pk>/", views_matching.fit_organization, name="fit_organization"),
    path("priorities/<int:pk>/", views_matching.priorities, name="priorities"),
]
