from django.urls import path

from zhichuang.core.access import public

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("logout/", public(views.LogoutView.as_view()), name="logout"),
    # Open to an account that must change its password (accounts.gate.open_before_password_change).
    path("password/change/", views.password_change, name="password_change"),
    path("people/", views.worker_list_view, name="worker_list"),
    path("people/export/", views.worker_export, name="worker_export"),
    path("people/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("people/<int:pk>/reveal/", views.worker_reveal, name="worker_reveal"),
    path("people/<int:pk>/password-reset/", views.worker_password_reset, name="worker_password_reset"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/export/", views.role_export, name="role_export"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
    path("accounts/<int:pk>/password-reset/", views.account_password_reset, name="account_password_reset"),
]
