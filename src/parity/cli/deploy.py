"""`parity check-deploy`: are the settings fit for serving real people?"""

from __future__ import annotations

import sys

import click

from parity.cli.output import FORMAT_OPTION, err, out, print_json

# What to change in Parity's own terms, for Django's deployment warnings.
PARITY_FIX = {
    "security.W004": "PARITY_SECURE=true",
    "security.W008": "PARITY_SECURE=true (and PARITY_SSL_REDIRECT unset)",
    "security.W012": "PARITY_SECURE=true",
    "security.W016": "PARITY_SECURE=true",
    "security.W009": "PARITY_SECRET_KEY",
    "security.W018": "PARITY_DEBUG=false",
    "security.W020": "PARITY_ALLOWED_HOSTS",
}


@click.command("check-deploy")
@FORMAT_OPTION
def check_deploy(fmt: str) -> None:
    """Run Django's deployment checks and Parity's own, and say what to change.

    Reads the settings from the environment exactly as `parity serve` would, so run it with
    the production environment. Exit status: 0 no problems, 1 problems found.
    """
    from django.core import checks

    issues = [
        issue
        for issue in checks.run_checks(include_deployment_checks=True)
        if issue.level >= checks.WARNING and not issue.is_silenced()
    ]
    rows = [
        {
            "id": issue.id or "",
            "level": "error" if issue.level >= checks.ERROR else "warning",
            "problem": str(issue.msg).strip(),
            "fix": PARITY_FIX.get(issue.id or "", "") or (issue.hint or "").strip(),
        }
        for issue in sorted(issues, key=lambda i: (-i.level, i.id or ""))
    ]
    if fmt == "json":
        print_json({"ok": not rows, "problems": rows})
    elif rows:
        for row in rows:
            out.print(f"[bold]{row['id']}[/] ({row['level']}): {row['problem']}")
            out.print(f"  Change: {row['fix']}\n")
        errors = sum(r["level"] == "error" for r in rows)
        err.print(
            f"[bold]{len(rows)} problems[/] ({errors} errors, {len(rows) - errors} warnings): "
            "fix them before serving real people. See docs/guides/deploying.md."
        )
    else:
        err.print("No problems found: the deployment checks of Django and Parity pass.")
    sys.exit(1 if rows else 0)


COMMANDS = [check_deploy]
