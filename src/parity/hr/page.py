"""The workforce dashboard's page body, rendered once per state of the force's HR extracts and
targets.

The body (every table, chart and download link) is the same for everyone who may see the
dashboard, so it is kept as HTML and only the page around it (the signed-in person's header,
messages) is rendered on each request: rendering every protected table again cost most of
each view.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from markupsafe import Markup

from parity.hr.dashboard import dashboard, state
from parity.reference.models import Force
from parity.web.cache import memoised


def dashboard_body(force: Force) -> Markup:
    """The dashboard's body as HTML, safe to place in the page as it is."""
    return Markup(_body(force.pk, state(force)))  # noqa: S704 - rendered by our own escaping template


@memoised("hr-dashboard-html")
def _body(force_pk: int, version: str) -> str:
    force = Force.objects.get(pk=force_pk)
    return render_to_string("hr/_dashboard_body.html", {"force": force, "board": dashboard(force, version)})
