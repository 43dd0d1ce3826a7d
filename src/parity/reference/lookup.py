"""A force named in a page's address, for views that make one call and render."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from parity.reference.models import Force


def force_or_404(slug: str) -> Force:
    """The force with this slug, or 404: an address naming no force is a page that does not exist."""
    return get_object_or_404(Force, slug=slug)
