"""The public registry of named methods, outside /methods/: it needs no account."""

from django.urls import path

from .views import public

app_name = "methods_public"
urlpatterns = [
    path("", public.public_list, name="list"),
    path("<int:pk>/", public.public_detail, name="detail"),
]
