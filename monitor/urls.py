from django.urls import path

from . import views

app_name = "monitor"

urlpatterns = [
    path("monitor/", views.overzicht, name="overzicht"),
    path("monitor/regio/<int:region_pk>/publiceren/", views.publiceren, name="publiceren"),
]
