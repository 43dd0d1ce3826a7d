"""The components page: every shared page part rendered once, for page authors and the tests."""

from django.urls import path

from parity.web import views

app_name = "web"
urlpatterns = [
    path("components", views.components, name="components"),
]
