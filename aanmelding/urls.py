from django.urls import path

from . import views, views_public

app_name = "aanmelding"

urlpatterns = [
    path("aanmelden/", views_public.aanmelden, name="aanmelden"),
    path(
        "aanmelden/professional/",
        views_public.aanmelden_professional,
        name="aanmelden_professional",
    ),
    path("aanmelden/ontvangen/", views_public.ontvangen, name="ontvangen"),
    path("aanmelden/postcode/", views_public.postcode_finder, name="postcode"),
    path("privacy/", views_public.privacy, name="privacy"),
    path("aanmeldpunt/", views.inbox, name="inbox"),
    # Two intake actions that are the registration's own transitions (casemanagement's
    # intake page shows their forms; the page and the other actions are casemanagement:intake*).
    path("aanmeldpunt/<int:pk>/notities/", views.intake_notities, name="intake_notities"),
    path("aanmeldpunt/<int:pk>/dubbel/", views.intake_dubbel, name="intake_dubbel"),
    # The intake page of one registration, aanmeldpunt/<pk>/, is casemanagement:intake.
]
