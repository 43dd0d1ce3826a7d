"""Tagged PDFs (PDF/UA-1) from Jinja templates, for reports people download and print.

WeasyPrint fetches every URL it finds in the HTML by default; reports may contain text that
people typed, so the fetcher here allows only Parity's own static files and data: URIs.
Charts go in as inline SVG from parity.presentation.charts, which WeasyPrint scales correctly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from parity.errors import ParityError

STATIC_PREFIX = "/static/"


class ForbiddenFetch(ParityError, ValueError):
    """A report asked for something other than Parity's own static files."""


def _mime(path: str) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        Path(path).suffix, "application/octet-stream"
    )


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        """Serves /static/... from Parity's static files and data: URIs; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.removeprefix("file://")
            if path.startswith(STATIC_PREFIX):
                found = finders.find(path.removeprefix(STATIC_PREFIX))
                if isinstance(found, str):
                    return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": _mime(found)})
            raise ForbiddenFetch(f"a report may only use Parity's own static files, not {url!r}")

    return StaticOnly(fail_on_errors=True, allowed_protocols=("file", "data"))


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document of the HTML (its <title> becomes the PDF's title).

    Raises ForbiddenFetch when the HTML refers to anything but Parity's static files.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=False)
    except FatalURLFetchingError as error:
        cause = error.__cause__
        raise cause if isinstance(cause, ForbiddenFetch) else ForbiddenFetch(str(error)) from error
    return bytes(pdf or b"")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template that extends web/print.html to a tagged PDF."""
    return html_to_pdf(render_to_string(template, context))
