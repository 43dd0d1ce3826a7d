"""Published figures from recorded stops, under /recorded-stops/."""

from django.urls import path

from parity.recording.views import figures

app_name = "recorded"
urlpatterns = [
    path("<slug:slug>/vehicle-stops", figures.vehicle_stops, name="vehicle-stops"),
    path("<slug:slug>/feedback", figures.feedback, name="feedback"),
]
