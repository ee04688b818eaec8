from django.urls import path

from . import views, views_links

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="2fa_setup"),
    path("tweestapsverificatie/", views.two_factor_verify, name="2fa_verify"),
    path("herstelcodes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("sessie/", views.session_status, name="session_status"),
    path("sessie/verlengen/", views.session_extend, name="session_extend"),
    # The argument is named "token" so that the access log stores the path without it.
    path("link/<str:token>/", views_links.link_redeem, name="link"),
    path("wachtwoord-vergeten/", views_links.password_reset, name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views_links.password_reset_sent,
        name="password_reset_sent",
    ),
]
