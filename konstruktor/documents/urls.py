from django.urls import path

from konstruktor.documents.views import editor, misc, wizard

app_name = "documents"
urlpatterns = [
    path("", wizard.index, name="index"),
    path("packages/<slug:slug>/", wizard.package_detail, name="package"),
    path("drafts/<int:pk>/", wizard.draft, name="draft"),
    path("drafts/<int:pk>/steps/<int:index>/", wizard.step, name="step"),
    path("drafts/<int:pk>/steps/<int:index>/autosave/", wizard.autosave, name="autosave"),
    path("drafts/<int:pk>/summary/", wizard.summary, name="summary"),
    path("drafts/<int:pk>/generate/", wizard.generate, name="generate"),
    path("drafts/<int:pk>/delete/", wizard.draft_delete, name="draft_delete"),
    path("versions/<int:pk>/package.zip", wizard.download, name="download"),
    path("versions/<int:pk>/documents/<int:number>/", wizard.document, name="document"),
    path("versions/<int:pk>/documents/<int:number>/pdf/", wizard.pdf, name="pdf"),
    path("timeline/", misc.timeline, name="timeline"),
    path("rules/", misc.rules, name="rules"),
    path("parameters/", misc.parameters, name="parameters"),
    path("editor/", editor.editor_index, name="editor"),
    path("editor/<slug:slug>/", editor.editor_package, name="editor_package"),
    path("editor/<slug:slug>/steps/new/", editor.step_new, name="editor_step_new"),
    path("editor/<slug:slug>/steps/<int:pk>/", editor.step_edit, name="editor_step"),
    path("editor/<slug:slug>/steps/<int:pk>/move/<str:direction>/", editor.step_move, name="editor_step_move"),
    path("editor/<slug:slug>/steps/<int:pk>/delete/", editor.step_delete, name="editor_step_delete"),
    path("editor/<slug:slug>/steps/<int:step_pk>/questions/new/", editor.question_new, name="editor_question_new"),
    path("editor/<slug:slug>/questions/<int:pk>/", editor.question_edit, name="editor_question"),
    path(
        "editor/<slug:slug>/questions/<int:pk>/move/<str:direction>/", editor.question_move, name="editor_question_move"
    ),
    path("editor/<slug:slug>/questions/<int:pk>/delete/", editor.question_delete, name="editor_question_delete"),
    path("editor/<slug:slug>/templates/", editor.templates, name="editor_templates"),
    path("editor/<slug:slug>/templates/<int:pk>/", editor.template_edit, name="editor_template"),
    path("editor/<slug:slug>/templates/<int:pk>/upload/", editor.template_upload, name="editor_template_upload"),
    path("editor/<slug:slug>/versions/<int:pk>/activate/", editor.version_activate, name="editor_version_activate"),
    path("editor/<slug:slug>/versions/<int:pk>/file.docx", editor.version_download, name="editor_version_download"),
]
