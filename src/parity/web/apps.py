from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parity.web"
    label = "web"

    def ready(self) -> None:
        from parity.web import (
            checks,  # noqa: F401 - registers Parity's deployment checks
            site_checks,  # noqa: F401 - the site address, proxies and cache
        )
