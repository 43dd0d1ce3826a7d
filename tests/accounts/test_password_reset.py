"""Setting a password by e-mailed link, through the pluggable mail backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from parity.accounts.models import AuditEvent, User
from parity.accounts.roles import Role
from tests.accounts.helpers import PASSWORD, link_in_last_mail, person
from tests.pagecheck import CheckedClient

pytestmark = pytest.mark.django_db
NEW = "another long passphrase entirely"


def test_the_whole_reset_from_request_to_signing_in(client: CheckedClient) -> None:
    user = person("member@example.org", Role.BOARD_MEMBER)
    form = client.get("/account/password-reset")
    assert form.status_code == 200
    sent = client.post("/account/password-reset", {"email": "Member@Example.org"})
    assert sent.status_code == 302 and sent["Location"] == "/account/password-reset/sent"
    assert client.get(sent["Location"]).status_code == 200
    [message] = mail.outbox
    assert message.to == ["member@example.org"] and message.subject == "Set a new Parity password"
    link = link_in_last_mail()
    assert link.startswith("http://testserver/account/password-reset/")
    # Django moves the token out of the address before showing the form, so it cannot leak.
    page = client.get(link)
    assert page.status_code == 302 and page["Location"].endswith("/set-password")
    choose = client.get(page["Location"])
    assert choose.page.h1.get_text(strip=True) == "Choose your password"
    short = client.post(page["Location"], {"new_password1": "short", "new_password2": "short"})
    assert short.status_code == 200 and "too short" in short.content.decode()
    done = client.post(page["Location"], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/account/password-reset/done"
    assert client.get(done["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW) and user.password.startswith("argon2$")
    assert client.post("/account/sign-in", {"email": user.email, "password": NEW}).status_code == 302
    assert AuditEvent.objects.filter(action="password.set", actor=user).exists()
    assert AuditEvent.objects.filter(action="password.link-sent", object_id=str(user.pk)).exists()


def test_a_link_works_once(client: CheckedClient) -> None:
    person("member@example.org", Role.BOARD_MEMBER)
    client.post("/account/password-reset", {"email": "member@example.org"})
    link = link_in_last_mail()
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    again = CheckedClient().get(link, follow=True)
    assert again.page.h1.get_text(strip=True) == "This link has stopped working"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: CheckedClient) -> None:
    response = client.post("/account/password-reset", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/sent"
    assert mail.outbox == []


def test_inactive_people_get_no_link(client: CheckedClient) -> None:
    User.objects.create_user("gone@example.org", password=PASSWORD, is_active=False)
    client.post("/account/password-reset", {"email": "gone@example.org"})
    assert mail.outbox == []


def test_a_person_added_without_a_password_can_ask_for_a_fresh_link(client: CheckedClient) -> None:
    from parity.accounts.services import add_person

    user, _ = add_person("new@example.org")
    client.post("/account/password-reset", {"email": "new@example.org"})
    assert "An account has been made for you" in mail.outbox[-1].body
    form_url = client.get(link_in_last_mail())["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_default_file_backend_writes_the_message_to_the_outbox(
    client: CheckedClient, settings: object, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_FILE_PATH = str(outbox)  # type: ignore[attr-defined]
    person("member@example.org", Role.BOARD_MEMBER)
    client.post("/account/password-reset", {"email": "member@example.org"})
    [written] = list(outbox.iterdir())
    text = written.read_text()
    assert "To: member@example.org" in text and "http://testserver/account/password-reset/" in text
