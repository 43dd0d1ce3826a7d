"""The force's workforce dashboard, under /hr/."""

from django.urls import URLPattern, path, re_path

from parity.hr import views

app_name = "hr"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("<slug:force>/", views.force_dashboard, name="dashboard"),
    path("<slug:force>/targets/add", views.new_target, name="target-add"),
    re_path(r"^(?P<force>[-a-z0-9]+)/tables/(?P<table>[-a-z]+)\.(?P<fmt>csv|json)$", views.table_file, name="table"),
]
