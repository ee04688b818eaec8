from django.urls import path

from . import views, views_public

app_name = "aanmelding"

urlpatterns = [
    path("aanmelden/", views_public.aanmelden, name="aanmelden"),
    path("aanmelden/ontvangen/", views_public.ontvangen, name="ontvangen"),
    path("aanmelden/postcode/", views_public.postcode_finder, name="postcode"),
    path("privacy/", views_public.privacy, name="privacy"),
    path("aanmeldpunt/", views.inbox, name="inbox"),
    # The intake page of one registration, aanmeldpunt/<pk>/, is casemanagement:intake.
]
