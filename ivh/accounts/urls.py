from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="2fa_setup"),
    path("tweestapsverificatie/", views.two_factor_verify, name="2fa_verify"),
]
