from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "parity.engagement"
    label = "engagement"
