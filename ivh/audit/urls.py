from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log_search_view, name="access_log"),
    # The answer to "why do you open this dossier?" (POST only; ivh.audit.reasons).
    path("reden/", views.access_reason_view, name="access_reason"),
]
