"""`parity serve` and `parity demo`: run the web application with gunicorn."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from parity.cli.db import ensure_database
from parity.cli.output import err

HOST = click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
PORT = click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
WORKERS = click.option(
    "--workers",
    default=2,
    show_default=True,
    type=int,
    help="gunicorn worker processes (about one per core).",
)


def run_server(host: str, port: int, workers: int) -> None:
    """Serve parity.wsgi with gunicorn until interrupted; static files through whitenoise."""
    from gunicorn.app.base import BaseApplication

    from parity.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": "-",
                "timeout": 60,
                "worker_class": "sync",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    # Workers are forked from this process: a database connection opened here (migrations,
    # the demo's import) would be shared by all of them, and their queries would interleave
    # on one PostgreSQL socket. Close it; each worker opens its own.
    from django.db import connections

    connections.close_all()
    err.print(f"Serving Parity at http://{host}:{port}  (Ctrl+C to stop)")
    Server().run()


@click.command()
@HOST
@PORT
@WORKERS
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web application on an existing database."""
    ensure_database()
    run_server(host, port, workers)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@HOST
@PORT
@WORKERS
@click.option("--no-serve", is_flag=True, help="Load the data, then stop without serving.")
def demo(paths: tuple[Path, ...], host: str, port: int, workers: int, no_serve: bool) -> None:
    """Load real data into the embedded database, build the warehouse and serve the site.

    PATHS are data folders laid out like ../shared/data, or data.police.uk files and folders.
    Without PATHS: PARITY_SAMPLE_DATA when set, else ../shared/data; else what an earlier run
    loaded; else, when data.police.uk answers, the latest complete financial year for five
    forces fetched from it (census populations cannot be fetched, so no rates until they are
    imported). With none of these it says exactly what to do.

    Then it makes up one force, Borsetshire (fictional), with everything a newcomer needs to
    try the workflows (a stop-and-search extract with grounds and video, panels, an action
    plan, a conversation, demo accounts); nothing made up goes to a real force.
    """
    from parity.cli.demo import DemoDataMissing, load_demo

    err.print("Preparing the database")
    ensure_database()  # a newcomer needs to know it is ready, not each migration's name
    try:
        summary = load_demo(list(paths))
    except DemoDataMissing as missing:
        err.print("[bold]No data to load.[/]")
        err.print(str(missing), markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    click.echo(summary)
    if not no_serve:
        run_server(host, port, workers)


COMMANDS = [serve, demo]
