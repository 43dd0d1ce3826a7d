from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "parity.actions"
    label = "actions"
