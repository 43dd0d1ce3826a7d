from tests.actions.conftest import plan

__all__ = ["plan"]
