from django.urls import path

from konstruktor.incubator import views

app_name = "incubator"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("export.csv", views.group_export, name="export"),
    path("board/", views.group_board, name="board"),
    path("new/", views.group_new, name="new"),
    path("chooser/", views.chooser, name="chooser"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/move/", views.group_move, name="move"),
    path("<int:pk>/next-step/", views.group_next_step, name="next_step"),
    path("<int:pk>/members/", views.group_member_add, name="member_add"),
    path("<int:pk>/notes/", views.group_note_add, name="note_add"),
    path("<int:pk>/register/", views.group_register, name="register"),
    path("<int:pk>/chooser/", views.group_chooser, name="group_chooser"),
    path("<int:pk>/mentors/", views.group_mentors, name="mentors"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("partnerships/<int:pk>/close/", views.partnership_close, name="partnership_close"),
]
