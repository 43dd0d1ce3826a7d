"""Victims' pages, under /victims/."""

from django.urls import URLPattern, path

from parity.victims import advisor_views, views

app_name = "victims"
urlpatterns: list[URLPattern] = [
    path("advisors/", advisor_views.home, name="advisors"),
    path("advisors/panels/<int:panel_id>/", advisor_views.panel, name="advisors-panel"),
    path("advisors/panels/<int:panel_id>/draw", advisor_views.draw, name="advisors-draw"),
    path("advisors/complaints/<int:drawn_id>/", advisor_views.case_file, name="advisors-case"),
    path("advisors/complaints/<int:drawn_id>/review", advisor_views.review, name="advisors-review"),
    path("advisors/findings/<int:finding_id>/", advisor_views.finding, name="advisors-finding"),
    path("<slug:force>/", views.force_figures, name="figures"),
    path("<slug:force>/follow-up", views.follow_up_list, name="follow-up"),
]
