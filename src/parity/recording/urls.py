"""Officers' and supervisors' pages, under /record/."""

from django.urls import path

from parity.recording.views import moderation, officer

app_name = "recording"
urlpatterns = [
    path("", officer.home, name="home"),
    path("new/<str:kind>", officer.record, name="record"),
    path("records/", officer.records, name="records"),
    path("records/<int:pk>/", officer.detail, name="detail"),
    path("records/<int:pk>/receipt", officer.receipt, name="receipt"),
    path("comments/", moderation.queue, name="moderation"),
    path("comments/<int:pk>/", moderation.check, name="moderation-check"),
]
