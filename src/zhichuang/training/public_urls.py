"""The public verification of a training certificate, outside /training/: it needs no account."""

from django.urls import path

from . import views

app_name = "training_verify"
urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_detail, name="detail"),
]
