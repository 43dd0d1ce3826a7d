from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "parity.workforce"
    label = "workforce"

    def ready(self) -> None:
        """The workforce tables held are part of the data version, so kept pages refresh after
        a workforce import."""
        from parity.web import cache
        from parity.workforce.figures import held_version

        cache.register_held("workforce", held_version)
