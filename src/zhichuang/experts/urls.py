from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    path("", views.expert_list, name="list"),
    path("export/", views.expert_export, name="export"),
    path("new/", views.expert_new, name="new"),
    path("reviews/", views.my_reviews, name="mine"),
    path("reviews/<int:pk>/", views.review_open, name="review"),
    path("reviews/<int:pk>/<str:answer>/", views.review_answer, name="review_answer"),
    path("<int:pk>/", views.expert_detail, name="expert"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("<int:pk>/conflicts/<int:conflict_pk>/delete/", views.conflict_delete, name="conflict_delete"),
    path("<int:pk>/<str:decision>/", views.expert_decide, name="decide"),
]
