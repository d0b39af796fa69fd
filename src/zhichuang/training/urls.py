from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.training_list, name="list"),
    path("export/", views.training_export, name="export"),
    path("new/", views.training_new, name="new"),
    path("mine/", views.my_trainings, name="mine"),
    path("hours/", views.completion_list, name="completions"),
    path("hours/export/", views.completion_export, name="completions_export"),
    path("check-in/<str:token>/", views.scan, name="scan"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="cancel"),
    path("enrolments/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("pairs/", views.pair_list, name="pairs"),
    path("pairs/new/", views.pair_new, name="pair_new"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("pairs/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("pairs/<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("pairs/<int:pk>/<str:decision>/", views.pair_decide, name="pair_decide"),
    path("<int:pk>/", views.training_detail, name="detail"),
    path("<int:pk>/edit/", views.training_edit, name="edit"),
    path("<int:pk>/enrol/", views.training_enrol, name="enrol"),
    path("<int:pk>/complete/", views.training_complete, name="complete"),
    path("<int:pk>/state/<str:to_state>/", views.training_move, name="move"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:session_pk>/remove/", views.session_remove, name="session_remove"),
    path("<int:pk>/sessions/<int:session_pk>/check-in/", views.session_check_in, name="check_in"),
    path("<int:pk>/sessions/<int:session_pk>/roll-call/", views.roll_call, name="roll_call"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path("<int:pk>/materials/<int:material_pk>/", views.material_download, name="material"),
]
