"""Victims' pages, under /victims/."""

from django.urls import URLPattern, path

from parity.victims import views

app_name = "victims"
urlpatterns: list[URLPattern] = [
    path("<slug:force>/", views.force_figures, name="figures"),
    path("<slug:force>/follow-up", views.follow_up_list, name="follow-up"),
]
