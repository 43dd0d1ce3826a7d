from django.apps import AppConfig


class RecordingConfig(AppConfig):
    name = "parity.recording"
    label = "recording"
    verbose_name = "Recorded stops, receipts and feedback"

    def ready(self) -> None:
        from parity.recording import registrations

        registrations.connect()
