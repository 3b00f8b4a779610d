from django.urls import path

from konstruktor.expertise import views, views_review

app_name = "expertise"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/criteria/", views.call_criteria, name="call_criteria"),
    path("calls/<int:pk>/open/", views.call_open, name="call_open"),
    path("calls/<int:pk>/close/", views.call_close, name="call_close"),
    path("calls/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/assign/", views.entry_assign, name="entry_assign"),
    path("entries/<int:pk>/third-expert/", views.entry_third_expert, name="entry_third_expert"),
    path("entries/<int:pk>/consensus/", views.entry_consensus, name="entry_consensus"),
    path("entries/<int:pk>/decide/", views.entry_decide, name="entry_decide"),
    path("entries/<int:pk>/publish/", views.entry_publish, name="entry_publish"),
    path("my/", views_review.my_queue, name="my_queue"),
    path("assignments/<int:pk>/", views_review.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/declare/", views_review.assignment_declare, name="assignment_declare"),
    path("assignments/<int:pk>/review/", views_review.assignment_review, name="assignment_review"),
    # Public: the published rules and results of every call (transparency).
    path("results/", views.results_index, name="results_index"),
    path("results/<int:pk>/", views.call_results, name="call_results"),
]
