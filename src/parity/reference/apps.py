from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "parity.reference"
    label = "reference"
    verbose_name = "Reference data"
