from django.urls import path

from corporate_parenting import account_views as views

urlpatterns = [
    path("second-factor/", views.second_factor_verify, name="second_factor_verify"),
    path("second-factor/set-up/", views.second_factor_set_up, name="second_factor_set_up"),
    path(
        "second-factor/recovery-codes/",
        views.second_factor_recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("second-factor/recovery/", views.second_factor_recovery, name="second_factor_recovery"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
