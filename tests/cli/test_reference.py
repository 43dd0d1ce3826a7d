"""The command-line reference's synopses are generated from the commands, so they cannot drift."""

from __future__ import annotations

import click

from parity.cli import main
from parity.cli.reference import BEGIN, REFERENCE, render


def test_every_synopsis_in_the_reference_is_what_the_command_gives() -> None:
    text = REFERENCE.read_text()
    assert render(text, main) == text, "docs/reference/cli.md is out of date: run python -m parity.cli.reference"
    assert text.count(BEGIN) == len(list(main.commands)) + sum(
        len(c.commands) - 1 for c in main.commands.values() if isinstance(c, click.Group)
    )


def test_a_new_option_puts_the_reference_out_of_date_and_generating_again_brings_it_back() -> None:
    @click.group()
    def tool() -> None:
        pass

    @tool.command()
    @click.option("--force", required=True, help="The force.")
    def status(force: str) -> None:
        pass

    doc = "# Reference\n\n### parity status\n\n```\nparity status --force SLUG\n```\n\nWhat it does.\n"
    generated = render(doc, tool)
    assert "- `--force TEXT`: The force. [required]" in generated and "parity status --force SLUG" not in generated
    assert generated.endswith("What it does.\n") and render(generated, tool) == generated
    click.option("--month", help="One month.")(status)
    assert render(generated, tool) != generated and "- `--month TEXT`: One month." in render(generated, tool)
