"""The command-line reference's synopses, generated from the commands themselves.

docs/reference/cli.md explains each command in prose; under each `### parity ...` heading,
the usage line and every option with its help come from the code, between markers, so they
cannot drift from what `parity COMMAND --help` prints. A test fails when they differ.

    python -m parity.cli.reference            # rewrite docs/reference/cli.md
    python -m parity.cli.reference --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

BEGIN = "<!-- generated from the command's help by `python -m parity.cli.reference`: edit the help, then run it -->"
END = "<!-- end of generated synopsis -->"
HEADING = re.compile(r"^(#+ (parity[\w -]*?))[ \t]*$", flags=re.M)
REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "reference" / "cli.md"


def commands(group: click.Group, prefix: str = "parity") -> Iterator[tuple[str, click.Command]]:
    """Every command, by its full name, groups walked in alphabetical order."""
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from commands(command, path)
        else:
            yield path, command


def synopsis(path: str, command: click.Command) -> str:
    """The usage line and the options, as `--help` gives them."""
    context = click.Context(command, info_name=path)
    usage = command.get_usage(context).removeprefix("Usage: ")
    lines = [BEGIN, "", "```", usage, "```"]
    for param in command.get_params(context):
        record = param.get_help_record(context)
        if record is None or not record[1] or "--help" in record[0]:
            continue  # arguments are in the usage line; every command takes --help
        options, text = record
        lines.append(f"- `{options}`: {' '.join(text.split())}")
    if len(lines) > 5:
        lines.insert(5, "")
    return "\n".join([*lines, "", END])


def _without_old_synopsis(section: str) -> str:
    """The prose under a heading, without the synopsis above it: the generated block, or
    (the first time) the hand-written fenced usage line."""
    body = section.lstrip("\n")
    if body.startswith(BEGIN):
        body = body[body.index(END) + len(END) :]
    elif body.startswith("```"):
        body = body[body.index("```", 3) + 3 :]
    return body.lstrip("\n")


def render(text: str, group: click.Group) -> str:
    """`text` with every command's section carrying its current synopsis."""
    known = dict(commands(group))
    parts = HEADING.split(text)
    out = [parts[0]]
    for heading, name, section in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        if name in known:
            section = "\n\n" + synopsis(name, known[name]) + "\n\n" + _without_old_synopsis(section)
        out.append(heading + section)
    return "".join(out)


def main(argv: list[str]) -> int:
    from parity.cli import main as parity

    current = REFERENCE.read_text()
    generated = render(current, parity)
    if "--check" in argv:
        if generated != current:
            print(f"{REFERENCE} is out of date: run python -m parity.cli.reference", file=sys.stderr)  # noqa: T201
            return 1
        return 0
    REFERENCE.write_text(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
