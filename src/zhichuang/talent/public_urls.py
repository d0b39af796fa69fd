"""The public talent pages, outside /talent/: they need no account."""

from django.urls import path

from .views import public

app_name = "talent_public"
urlpatterns = [
    path("", public.public_list, name="list"),
    path("<int:pk>/", public.public_detail, name="detail"),
    path("<int:pk>/photo/", public.public_photo, name="photo"),
]
