from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "parity.powers"
    label = "powers"

    def ready(self) -> None:
        """Tell the page cache what the version of the published figures is made of: the
        records and census tables held (`held`), and the rules in settings."""
        from parity.analysis.rules import Rules
        from parity.powers.held import held_summary
        from parity.powers.statistics import AnalysisError
        from parity.web import cache

        cache.register_data_version(held=held_summary, current=lambda: sorted(Rules.from_settings().as_dict().items()))
        cache.keep_errors(AnalysisError)
