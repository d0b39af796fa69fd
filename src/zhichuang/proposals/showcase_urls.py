"""The public showcase, outside /proposals/: it needs no account."""

from django.urls import path

from .views import showcase

app_name = "showcase"
urlpatterns = [
    path("", showcase.showcase, name="list"),
    path("<int:pk>/", showcase.showcase_detail, name="detail"),
]
