"""Errors that refuse a whole input, with a message that says what was expected."""

from __future__ import annotations

from parity.errors import ParityError


class InputRefused(ParityError):
    """A file, folder or archive that cannot be imported at all."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem

    def message_for(self, path: str) -> str:
        """Why the file at `path` was refused, naming the part of it at fault when the refusal
        names one (a workbook's sheet: "sheet A_08: line 4: no year ...")."""
        part = self.name.removeprefix(path).strip().strip("()") if self.name.startswith(path) else ""
        return f"{part}: {self.problem}" if part else self.problem

    def __reduce__(self) -> tuple[type[InputRefused], tuple[str, str]]:
        return InputRefused, (self.name, self.problem)  # refusals cross from the worker process
