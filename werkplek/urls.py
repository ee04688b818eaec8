from django.urls import path

from . import views

# The namespace stays "core": templates, LOGIN_REDIRECT_URL and the login views name these
# pages `core:home` and `core:start`, from before the start pages moved here.
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
]
