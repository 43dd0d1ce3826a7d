"""Parity's URLs plus pages that fail on purpose, for the error-page and page-check tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from parity.urls import handler400, handler403, handler404, handler500  # noqa: F401 - Django reads them here


def broken_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!DOCTYPE html><html><head><title>Broken</title></head><body><p>No heading</p></body></html>")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure, for the 500 page test")


urlpatterns = [
    path("test/broken", broken_page),
    path("test/forbidden", forbidden),
    path("test/crash", crash),
    path("", include("parity.urls")),
]
