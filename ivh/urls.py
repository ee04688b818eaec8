from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ivh.core.views import admin_login, health, health_detail

admin.site.site_header = "IVH-coördinatie – beheer"
admin.site.site_title = "IVH-coördinatie"

urlpatterns = [
    path("health/", health, name="health"),
    path("health/detail/", health_detail, name="health_detail"),
    path("taal/", login_not_required(set_language), name="set_language"),
    # The admin uses the application's own login (with 2FA and lockout); see admin_login.
    path("beheer/login/", admin_login),
    path("beheer/", admin.site.urls),
    path("account/meldingen/", include("ivh.outbox.urls")),
    path("account/", include("ivh.accounts.urls")),
    path("netwerk/", include("ivh.netwerk.urls")),
    path("toegangslog/", include("ivh.audit.urls")),
    path("", include("aanmelding.urls")),
    path("", include("casemanagement.urls")),
    path("", include("mdo.urls")),
    path("netwerkwerk/", include("netwerkwerk.urls")),
    path("kwaliteit/", include("kwaliteit.urls")),
    path("bewaring/", include("bewaring.urls")),
    path("", include("signalen.urls")),
    path("", include("monitor.urls")),
    path("", include("werkplek.urls")),  # the start pages, namespace "core"
]
