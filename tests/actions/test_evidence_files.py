"""Uploaded evidence: served with the type Parity reads from its content, from an
allow-list, never the uploader's; bodies larger than Parity takes are refused unread, at
the same size the deploying guide gives the proxy."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from parity.actions import evidence_files
from parity.actions.models import Evidence, EvidenceKind
from tests.actions.helpers import Plan
from tests.pagecheck import text
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PAGE = b"<html><script>fetch('/accounts/')</script></html>"


def _docx(*, with_document: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _base(role_world: RoleWorld, plan: Plan) -> str:
    return f"/actions/{role_world.home.slug}/actions/{plan.action.pk}"


def test_the_type_served_is_read_from_the_content_not_the_uploaders(role_world: RoleWorld, plan: Plan) -> None:
    owner, base = role_world.client("action-owner"), _base(role_world, plan)
    upload = SimpleUploadedFile("chart.png", PNG, content_type="text/html")  # the uploader's claim
    owner.post(f"{base}/evidence/file", {"title": "Chart", "file": upload})
    evidence = Evidence.objects.get(action=plan.action)
    assert evidence.content_type == "image/png"
    served = role_world.client("board-member").get(f"{base}/evidence/{evidence.pk}")
    assert served["Content-Type"] == "image/png" and served.content == PNG


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("briefing.pdf", PAGE, "PDF"),
        ("photo.jpg", PAGE, "JPEG image"),
        ("minutes.docx", _docx(with_document=False), "DOCX file"),
    ],
)
def test_a_file_whose_content_is_not_its_kind_is_refused(
    role_world: RoleWorld, plan: Plan, name: str, content: bytes, kind: str
) -> None:
    owner, base = role_world.client("action-owner"), _base(role_world, plan)
    refused = owner.post(f"{base}/evidence/file", {"file": SimpleUploadedFile(name, content, "application/pdf")})
    assert f"but is not a {kind}" in text(refused.page.select_one(".govuk-error-summary"))
    assert not Evidence.objects.filter(action=plan.action).exists()


def test_office_files_are_recognised_by_their_parts() -> None:
    assert evidence_files.content_type("minutes.docx", _docx()) == evidence_files.TYPES[".docx"]
    assert evidence_files.content_type("minutes.docx", _docx(with_document=False)) == "application/octet-stream"
    assert evidence_files.content_type("notes.txt", "Café notes".encode()) == "text/plain; charset=utf-8"
    assert evidence_files.content_type("notes.txt", PNG) == "application/octet-stream"


def test_a_file_stored_with_the_uploaders_type_is_served_with_parities(role_world: RoleWorld, plan: Plan) -> None:
    # Rows added before Parity decided the type hold what the uploader said.
    stored = evidence_files.store(plan.action, "notes.txt", PAGE)
    evidence = Evidence.objects.create(
        action=plan.action,
        kind=EvidenceKind.FILE,
        title="Notes",
        file_name=stored.name,
        file_path=stored.path,
        file_size=len(PAGE),
        content_type="text/html",
        sha256=stored.sha256,
        added_by=plan.owner,
    )
    served = role_world.client("board-member").get(f"{_base(role_world, plan)}/evidence/{evidence.pk}")
    assert served["Content-Type"] == "text/plain; charset=utf-8"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(role_world: RoleWorld, plan: Plan) -> None:
    owner, base = role_world.client("action-owner"), _base(role_world, plan)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * (2 * 1024 * 1024))
    with override_settings(PARITY_UPLOAD_MAX_MB=1):
        refused = owner.post(f"{base}/evidence/file", {"file": big})
    assert refused.status_code == 413
    assert "up to 1 MB" in refused.content.decode()
    assert not Evidence.objects.filter(action=plan.action).exists()


def test_the_proxy_limit_in_the_deploying_guide_is_parities() -> None:
    guide = (ROOT / "docs" / "guides" / "deploying.md").read_text()
    [limit] = re.findall(r"client_max_body_size\s+(\d+)m;", guide)
    assert int(limit) == settings.PARITY_UPLOAD_MAX_MB
    assert evidence_files.MAX_BYTES < settings.PARITY_UPLOAD_MAX_MB * 1024 * 1024


def test_an_api_body_larger_than_the_limit_gets_the_error_envelope(client: object) -> None:
    with override_settings(PARITY_UPLOAD_MAX_MB=1):
        response = client.post(  # type: ignore[attr-defined]
            "/api/scrutiny/findings/1/answer", "x" * (1024 * 1024 + 1), content_type="application/json"
        )
    assert response.status_code == 413
    assert response.json() == {
        "status": 413,
        "error": "too-large",
        "detail": "The request is larger than the 1 MB Parity takes.",
        "errors": [],
    }
