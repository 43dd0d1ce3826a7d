from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "parity.justice"
    label = "justice"
