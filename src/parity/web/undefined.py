"""Strict undefined variables in Parity's templates, lenient ones inside GOV.UK Frontend macros.

Our own templates must fail loudly on a misspelt variable or attribute, so a page can never
render a blank where a figure should be. The govuk-frontend-jinja macros, though, test their
optional parameters by reading missing keys (`{% if params.hint %}`), which a plain
StrictUndefined turns into an error. So an undefined value is strict unless the template code
using it is one of those macros: the decision is made by looking at the nearest template frame
on the call stack, which costs a few frame hops and only happens when something is undefined.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import govuk_frontend_jinja
from jinja2 import Undefined

_GOVUK_TEMPLATES = str(Path(govuk_frontend_jinja.__file__).resolve().parent)
_MAX_HOPS = 12


def _is_template_frame(frame: FrameType) -> bool:
    # Compiled Jinja templates run in a namespace holding these two names.
    return "debug_info" in frame.f_globals and "blocks" in frame.f_globals


def _inside_govuk_macro() -> bool:
    frame: FrameType | None = sys._getframe(2)
    for _ in range(_MAX_HOPS):
        if frame is None:
            return False
        if _is_template_frame(frame):
            return frame.f_code.co_filename.startswith(_GOVUK_TEMPLATES)
        frame = frame.f_back
    return False


class ParityUndefined(Undefined):
    """StrictUndefined, except that GOV.UK Frontend macros may test and chain missing params."""

    __slots__ = ()

    def _fail(self) -> NoReturn:
        self._fail_with_undefined_error()
        raise AssertionError("unreachable")  # pragma: no cover

    def __bool__(self) -> bool:
        if _inside_govuk_macro():
            return False
        self._fail()

    def __str__(self) -> str:
        if _inside_govuk_macro():
            return ""
        self._fail()

    def __iter__(self) -> Any:
        if _inside_govuk_macro():
            return iter(())
        self._fail()

    def __len__(self) -> int:
        if _inside_govuk_macro():
            return 0
        self._fail()

    def __contains__(self, item: Any) -> bool:
        if _inside_govuk_macro():
            return False
        self._fail()

    def __eq__(self, other: Any) -> bool:
        if _inside_govuk_macro():
            return type(self) is type(other)
        self._fail()

    def __ne__(self, other: Any) -> bool:
        if _inside_govuk_macro():
            return type(self) is not type(other)
        self._fail()

    def __hash__(self) -> int:
        return id(type(self))

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        if _inside_govuk_macro():
            return self
        self._fail()

    def __getitem__(self, name: object) -> Any:
        if _inside_govuk_macro():
            return self
        self._fail()
