from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "parity.victims"
    label = "victims"
