"""One base class for Parity's own errors."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import parity
from parity.errors import ParityError

SKIP = {"parity.__main__", "parity.wsgi"}


def _parity_errors() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(parity.__path__, "parity."):
        if info.name in SKIP or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
                and not name.startswith("_")
            ):
                found[f"{info.name}.{name}"] = value
    return found


def test_every_error_parity_defines_derives_from_one_base() -> None:
    errors = _parity_errors()
    assert len(errors) >= 15, sorted(errors)
    outside = sorted(name for name, cls in errors.items() if not issubclass(cls, ParityError))
    assert not outside, f"derive these from parity.errors.ParityError: {outside}"


def test_each_keeps_the_built_in_class_it_had() -> None:
    from parity.analysis.period import PeriodError
    from parity.public.figures import NotHeld
    from parity.scrutiny.sampling import UnknownRule

    assert issubclass(PeriodError, ValueError) and issubclass(NotHeld, LookupError)
    assert issubclass(UnknownRule, KeyError)
