from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "parity.justice"
    label = "justice"

    def ready(self) -> None:
        """The justice tables held (arrests, stages, the published stop-and-search series) are
        part of the data version, so kept pages refresh after an import."""
        from parity.justice.models import JusticeUnit
        from parity.web import cache

        def held_version() -> tuple[int, int]:
            last = JusticeUnit.objects.order_by("-pk").values_list("pk", flat=True).first()
            return (JusticeUnit.objects.count(), last or 0)

        cache.register_held("justice", held_version)
