"""Who takes part in a force's community engagement, as open data: the tables of its Take part
page as CSV or JSON (JSON is the same object the API returns), beside the page."""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from parity.engagement.participation import participation
from parity.public import downloads
from parity.public.data_views import CONTENT_TYPES
from parity.reference.lookup import force_or_404
from parity.web.cache import add_cache_headers, etag_for, not_modified

TABLES = ("participation",)


@require_safe
def take_part_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """Places at published conversations and the network's members, by area and ethnic group.

    The figures change with every registration, not with the imported data, so the ETag is
    made from the figures themselves."""
    if table not in TABLES:
        raise Http404(f"no table {table}")
    result = participation(force_or_404(slug), public=True)
    data = result.as_dict()
    etag = etag_for(request, hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16])
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    if fmt == "json":
        response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type=CONTENT_TYPES["json"])
    else:
        body = downloads.to_csv("participation", downloads.rows_for("participation", result))
        response = HttpResponse(body, content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{slug}-participation.csv"'
    return add_cache_headers(response, etag)
