from django.urls import path

from . import views

app_name = "todo"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("chase/", views.chase, name="chase"),
    path("chase-overdue/", views.chase_overdue, name="chase_overdue"),
]
