from django.urls import path

from . import views

app_name = "payouts"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export/", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("batch/", views.batch_pay, name="batch_pay"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pay/", views.pay, name="pay"),
]
