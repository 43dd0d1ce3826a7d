from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "parity.scrutiny"
    label = "scrutiny"
