from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [path("", views.voorkeuren, name="voorkeuren")]
