"""The public showcase, outside /proposals/: it needs no account."""

from django.urls import path

from . import views

app_name = "showcase"
urlpatterns = [
    path("", views.showcase, name="list"),
    path("<int:pk>/", views.showcase_detail, name="detail"),
]
