from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "parity.powers"
    label = "powers"

    def ready(self) -> None:
        """Tell the page cache what the version of the published figures is made of: the
        records and census tables held (`held`), and the rules in settings; and keep protected
        results beside the warehouse, where an import's warm-up leaves them."""
        from parity.analysis import protection
        from parity.analysis.rules import Rules
        from parity.powers.held import held_summary
        from parity.powers.statistics import AnalysisError
        from parity.powers.statistics.kept import WarehouseStore
        from parity.web import cache

        cache.register_data_version(held=held_summary, current=lambda: sorted(Rules.from_settings().as_dict().items()))
        cache.keep_errors(AnalysisError)
        protection.use_store(WarehouseStore())
