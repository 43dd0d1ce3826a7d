from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "parity.powers"
    label = "powers"
