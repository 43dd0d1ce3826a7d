from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "parity.public"
    label = "public"
