from django.urls import path

from spolu.core import auth_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.login_view, name="login"),
    path("accounts/two-factor/", auth_views.two_factor_view, name="two_factor"),
    path("accounts/two-factor/setup/", auth_views.two_factor_enrol_view, name="two_factor_enrol"),
    path("accounts/logout/", auth_views.logout_view, name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("healthz", views.healthz, name="healthz"),
]
