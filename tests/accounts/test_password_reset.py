"""Setting a password by e-mailed link, through the pluggable mail backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as conf
from django.core import mail
from django.utils import timezone

from parity.accounts.models import AuditEvent, User
from parity.accounts.roles import Role
from parity.presentation.formatting import govuk_time
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
    assert link.startswith(f"{conf.SITE_URL}/account/password-reset/")
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
    assert "To: member@example.org" in text and f"{conf.SITE_URL}/account/password-reset/" in text


def test_one_account_gets_a_limited_number_of_links_an_hour(client: CheckedClient, settings: Any) -> None:
    settings.PARITY_PASSWORD_LINKS_PER_HOUR = 2
    user = person("member@example.org", Role.BOARD_MEMBER)
    answers = [client.post("/account/password-reset", {"email": "member@example.org"}) for _ in range(3)]
    # The third answer looks the same, so the limit reveals nothing about the account.
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, "/account/password-reset/sent")] * 3
    assert len(mail.outbox) == 2
    held = AuditEvent.objects.get(action="password.link-held", object_id=str(user.pk))
    assert held.allowed is False and "the hour's links have been sent" in held.summary


def test_an_address_that_asks_too_often_is_told_when_to_ask_again(client: CheckedClient, settings: Any) -> None:
    settings.PARITY_PASSWORD_REQUESTS_PER_HOUR = 3
    person("member@example.org", Role.BOARD_MEMBER)
    for n in range(3):
        assert client.post("/account/password-reset", {"email": f"nobody{n}@example.org"}).status_code == 302
    before = timezone.localtime()
    refused = client.post("/account/password-reset", {"email": "member@example.org"})
    assert refused.status_code == 429
    assert refused.page.h1.get_text(strip=True) == "Too many requests for a link"
    # The count is per clock hour (one window in the cache, as every limit): it lifts when the hour ends.
    hour_ends = timezone.localtime(before.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1))
    assert f"{govuk_time(hour_ends)} on" in refused.content.decode()
    assert mail.outbox == [], "no link went to the account while the address was refused"
    event = AuditEvent.objects.get(action="password.link-held")
    assert event.allowed is False and event.ip_address == "127.0.0.1"
    assert "example.org" not in event.summary, "the typed address is not written down"
    # Another address is not held back by this one.
    other = CheckedClient(REMOTE_ADDR="192.0.2.7").post("/account/password-reset", {"email": "member@example.org"})
    assert other.status_code == 302 and len(mail.outbox) == 1
