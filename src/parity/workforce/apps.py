from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "parity.workforce"
    label = "workforce"
