"""Signing in and out: argon2 hashes, where people land, CSRF, lock-out and session expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from parity.accounts.models import AuditEvent, User
from parity.accounts.roles import Role
from tests.accounts.helpers import PASSWORD, person
from tests.pagecheck import CheckedClient, CheckedResponse

pytestmark = pytest.mark.django_db


def sign_in(client: CheckedClient, email: str, password: str = PASSWORD, **extra: str) -> CheckedResponse:
    return client.post("/account/sign-in", {"email": email, "password": password, **extra})


def test_passwords_are_stored_as_argon2_hashes() -> None:
    user = person("hash@example.org")
    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client: CheckedClient) -> None:
    from django.contrib.auth.hashers import make_password

    user = person("old@example.org", Role.BOARD_MEMBER)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert sign_in(client, "old@example.org").status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


def test_sign_in_lands_on_the_account_page_and_is_audited(client: CheckedClient) -> None:
    user = person("member@example.org", Role.BOARD_MEMBER)
    page = client.get("/account/sign-in")
    assert page.status_code == 200 and page.page.h1.get_text(strip=True) == "Sign in to Parity"
    response = sign_in(client, "Member@Example.org")  # the address is not case-sensitive
    assert response.status_code == 302 and response["Location"] == "/account/"
    home = client.get("/account/")
    assert "Board member" in home.content.decode() and "West Midlands" in home.content.decode()
    event = AuditEvent.objects.get(action="sign-in")
    assert event.actor == user and event.ip_address == "127.0.0.1" and event.allowed


def test_a_wrong_password_is_refused_with_a_message_and_audited(client: CheckedClient) -> None:
    person("member@example.org", Role.BOARD_MEMBER)
    response = sign_in(client, "member@example.org", "not the password")
    assert response.status_code == 200
    assert "Enter the e-mail address and password of your Parity account" in response.content.decode()
    assert response.page.title.get_text().startswith("Error: ")
    event = AuditEvent.objects.get(action="sign-in.failed")
    assert not event.allowed and "member@example.org" in event.summary and event.actor is None


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client: CheckedClient) -> None:
    person("member@example.org", Role.BOARD_MEMBER)
    asked = client.get("/account/people/")
    assert asked.status_code == 302 and asked["Location"] == "/account/sign-in?next=/account/people/"
    assert sign_in(client, "member@example.org", next="/account/people/")["Location"] == "/account/people/"
    client.post("/account/sign-out")
    assert sign_in(client, "member@example.org", next="https://evil.example/")["Location"] == "/account/"


def test_sign_out_needs_a_post_and_ends_the_session(client: CheckedClient) -> None:
    user = person("member@example.org", Role.BOARD_MEMBER)
    client.force_login(user)
    confirm = client.get("/account/sign-out")
    assert confirm.status_code == 200 and client.get("/account/").status_code == 200  # GET did not sign out
    assert client.post("/account/sign-out").status_code == 302
    assert client.get("/account/")["Location"].startswith(settings.LOGIN_URL)
    assert AuditEvent.objects.filter(action="sign-out", actor=user).count() == 1


@pytest.mark.parametrize("path", ["/account/sign-in", "/account/sign-out", "/account/password-reset"])
def test_forms_refuse_a_post_without_the_csrf_token(path: str) -> None:
    user = person("member@example.org", Role.BOARD_MEMBER)
    client = Client(enforce_csrf_checks=True)
    if path.endswith("sign-out"):
        client.force_login(user)
    response = client.post(path, {"email": "member@example.org", "password": PASSWORD})
    assert response.status_code == 403
    if path.endswith("sign-out"):
        assert client.get("/account/").status_code == 200  # still signed in


def test_sign_in_works_with_the_csrf_token_from_the_page() -> None:
    person("member@example.org", Role.BOARD_MEMBER)
    client = Client(enforce_csrf_checks=True)
    client.get("/account/sign-in")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/account/sign-in", {"email": "member@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


class TestLockOut:
    def test_repeated_failures_lock_the_account_with_a_page_saying_when_to_retry(self, client: CheckedClient) -> None:
        person("member@example.org", Role.BOARD_MEMBER)
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "member@example.org", "wrong").status_code == 200
        locked = sign_in(client, "member@example.org", "wrong")
        assert locked.status_code == 429
        text = locked.content.decode()
        assert locked.page.h1.get_text(strip=True) == "Sign-in is locked for now"
        assert f"wrong {settings.AXES_FAILURE_LIMIT} times in a row" in text
        retry = timezone.localtime(timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME))
        assert f"{retry.day} {retry:%B} {retry.year}" in text and "You can try again after" in text
        # The right password does not get through a lock-out ...
        assert sign_in(client, "member@example.org").status_code == 429
        assert AuditEvent.objects.filter(action="locked-out", allowed=False).exists()
        # ... from this address; the lock is on the account and address together.
        other_address = CheckedClient(REMOTE_ADDR="192.0.2.7")
        assert sign_in(other_address, "member@example.org").status_code == 302

    def test_failures_are_counted_whatever_the_case_of_the_address(self, client: CheckedClient) -> None:
        person("member@example.org", Role.BOARD_MEMBER)
        for n in range(settings.AXES_FAILURE_LIMIT):
            response = sign_in(client, "MEMBER@example.org" if n % 2 else "member@example.org", "wrong")
        assert response.status_code == 429

    def test_the_lock_ends_after_the_cool_off(self, client: CheckedClient) -> None:
        from axes.models import AccessAttempt

        person("member@example.org", Role.BOARD_MEMBER)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "member@example.org", "wrong")
        assert sign_in(client, "member@example.org").status_code == 429
        # Time passes: move the recorded failures back beyond the cool-off.
        cooled = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
        AccessAttempt.objects.update(attempt_time=cooled)
        assert sign_in(client, "member@example.org").status_code == 302

    def test_setting_a_new_password_lifts_the_lock(self, client: CheckedClient) -> None:
        from tests.accounts.helpers import link_in_last_mail

        person("member@example.org", Role.BOARD_MEMBER)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "member@example.org", "wrong")
        client.post("/account/password-reset", {"email": "member@example.org"})
        form = client.get(link_in_last_mail(), follow=True)
        new = "a brand new long passphrase"
        client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert sign_in(client, "member@example.org", new).status_code == 302


class TestSessions:
    def test_idle_sessions_expire(self, client: CheckedClient, settings: object) -> None:
        settings.SESSION_COOKIE_AGE = 600  # type: ignore[attr-defined]
        person("member@example.org", Role.BOARD_MEMBER)
        sign_in(client, "member@example.org")
        assert client.get("/account/").status_code == 200
        session = Session.objects.get(session_key=client.session.session_key)
        left = session.expire_date - timezone.now()
        assert timedelta(seconds=590) < left <= timedelta(seconds=600)
        # Each request starts the idle time again ...
        Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(seconds=30))
        assert client.get("/account/").status_code == 200
        assert Session.objects.get(pk=session.pk).expire_date - timezone.now() > timedelta(seconds=590)
        # ... and once it has run out, the person must sign in again.
        Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
        response = client.get("/account/")
        assert response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL)  # type: ignore[attr-defined]

    def test_the_session_cookie_is_http_only_and_ends_with_the_browser(self, client: CheckedClient) -> None:
        person("member@example.org", Role.BOARD_MEMBER)
        response = sign_in(client, "member@example.org")
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["max-age"]
