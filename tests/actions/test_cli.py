"""`parity actions ...`, as a secretary or an operator runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.accounts.roles import Role
from parity.actions.models import Action, Report, Snapshot
from parity.cli import main
from parity.cli.actions import last_quarter
from parity.reference.models import Force
from tests.actions.helpers import person

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_register_goes_in_and_out_by_the_command_line(tmp_path: Path) -> None:
    surrey = Force.objects.get(slug="surrey")
    person("owner@surrey.test", Role.ACTION_OWNER, surrey)
    register = tmp_path / "register.csv"
    code, _, err = run("actions", "example-csv", str(register), "--start", "2026-07-01", "--owner", "owner@surrey.test")
    assert code == 0 and "not any force's real plan" in err
    code, out, _ = run("actions", "import", str(register), "--force", "surrey")
    assert code == 0 and "Actions: 35 added, 0 changed." in out
    assert Action.objects.filter(force=surrey).count() == 35
    assert AuditEvent.objects.filter(object_type="actions.action", actor_label__startswith="command line").count() == 35
    exported = tmp_path / "out.csv"
    assert run("actions", "export", "--force", "surrey", "-o", str(exported))[0] == 0
    assert sorted(exported.read_text().splitlines()) == sorted(register.read_text().splitlines())


def test_a_bad_file_is_refused_line_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source_reference,recommendation_reference,action_title,due_on\nRES,R1,Brief,soon\n")
    result = CliRunner().invoke(main, ["actions", "import", str(bad), "--force", "surrey"])
    assert result.exit_code == 1
    assert "bad.csv, line 2, due_on 'soon': is not a date" in result.stderr
    assert "problems: nothing was saved" in result.stderr


def test_snapshot_and_reports(tmp_path: Path) -> None:
    surrey = Force.objects.get(slug="surrey")
    person("owner@surrey.test", Role.ACTION_OWNER, surrey)
    register = tmp_path / "register.csv"
    run("actions", "example-csv", str(register), "--start", "2026-07-01", "--owner", "owner@surrey.test")
    run("actions", "import", str(register), "--force", "surrey")
    today = timezone.localdate()
    month = today.strftime("%Y-%m")
    code, out, _ = run("actions", "snapshot", "--force", "surrey", "--month", month)
    assert code == 0 and out.startswith(f"Snapshot for {month}, as it stood on {today.isoformat()}: 35 actions,")
    assert Snapshot.objects.filter(force=surrey, month=month).exists()
    pdf = tmp_path / "pack.pdf"
    code, out, _ = run("actions", "report", "--force", "surrey", "--kind", "steering-group", "--period", month,
                       "--pdf", str(pdf))  # fmt: skip
    assert code == 0 and "version 1" in out and pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert _fill_colours(pdf) >= {"#f4cdc6", "#fff7bf"}, "red and amber ratings keep their colours in print"
    code, out, _ = run("actions", "report", "--force", "surrey", "--kind", "public", "--period", "2026/27-Q2",
                       "--publish")  # fmt: skip
    assert code == 0 and out.endswith("version 1, published.\n")
    assert Report.objects.get(force=surrey, kind="public").published_on is not None
    refused = CliRunner().invoke(
        main, ["actions", "report", "--force", "surrey", "--kind", "public", "--period", "2026-10"]
    )
    assert refused.exit_code == 1 and "The public report is for a quarter" in refused.stderr


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        ("2026-11-21", "2026/27-Q2"),
        ("2026-04-01", "2025/26-Q4"),
        ("2027-01-15", "2026/27-Q3"),
        ("2026-07-01", "2026/27-Q1"),
    ],
)
def test_the_example_works_through_the_last_finished_quarter(today: str, quarter: str) -> None:
    from datetime import date

    assert last_quarter(date.fromisoformat(today)) == quarter


def _fill_colours(pdf: Path) -> set[str]:
    """Every fill colour the PDF's pages paint with, as #rrggbb."""
    import re

    from pypdf import PdfReader

    colours = set()
    for page in PdfReader(pdf).pages:
        stream = page.get_contents()
        data = stream.get_data().decode("latin-1") if stream is not None else ""
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            colours.add("#" + "".join(f"{round(float(c) * 255):02x}" for c in (r, g, b)))
    return colours
