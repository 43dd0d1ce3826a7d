"""The public receipt pages, under /receipt/: reached by the QR code or by typing the reference."""

from django.urls import path

from parity.recording.views import receipt

app_name = "receipt"
urlpatterns = [
    path("", receipt.find, name="find"),
    path("<str:reference>", receipt.show, name="show"),
    path("<str:reference>/thanks", receipt.thanks, name="thanks"),
]
