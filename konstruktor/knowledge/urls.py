from django.urls import path

from konstruktor.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.handbook_index, name="index"),
    path("search/", views.handbook_search, name="search"),
    path("export.<str:fmt>", views.handbook_export, name="export"),
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.article_new, name="new"),
    path("manage/<int:pk>/edit/", views.article_edit, name="edit"),
    path("manage/<int:pk>/history/", views.article_history, name="history"),
    path("manage/<int:pk>/diff/", views.article_diff, name="diff"),
    path("manage/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("manage/<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_remove, name="attachment_remove"),
    path("manage/misses/", views.misses, name="misses"),
    path("manage/misses/<int:pk>/delete/", views.miss_delete, name="miss_delete"),
    path("manage/feedback/", views.feedback, name="feedback"),
    path("manage/synonyms/", views.synonyms, name="synonyms"),
    path("manage/synonyms/<int:pk>/delete/", views.synonym_remove, name="synonym_remove"),
    path("<slug:section>/", views.section_detail, name="section"),
    path("<slug:section>/export.<str:fmt>", views.handbook_export, name="section_export"),
    path("<slug:section>/<slug:slug>/", views.article_detail, name="article"),
    path("<slug:section>/<slug:slug>/feedback/", views.article_feedback, name="feedback_add"),
    path("<slug:section>/<slug:slug>/files/<int:pk>/", views.attachment_download, name="attachment"),
]
