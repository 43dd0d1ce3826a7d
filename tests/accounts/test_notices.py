"""Notices reach only the person they are for, as they chose: an e-mail for each, or one
daily digest; every e-mail is recorded (and called "kept" while mail goes to a file); each
person chooses for themselves on their account, and the choice is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from parity.accounts import notices
from parity.accounts.models import AuditEvent, Notice, NoticeDelivery, User
from parity.jobs import runner
from parity.reference.models import Force
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _person(email: str, notices_by: str = NoticeDelivery.EACH) -> User:
    user = User.objects.create_user(email, password=None)
    user.notices_by = notices_by
    user.save()
    return user


def _tell(user: User, text: str, *, key: str = "") -> Notice:
    [notice] = notices.tell([user], Notice.Kind.CASES_TO_REVIEW, text, "/scrutiny/", key=key)
    return notice


# --- giving notices -------------------------------------------------------------------------


def test_a_notice_is_given_once_per_person_and_key_and_never_to_an_inactive_account() -> None:
    one, two = _person("one@notices.test"), _person("two@notices.test")
    gone = _person("gone@notices.test")
    gone.is_active = False
    gone.save()
    made = notices.tell([one, two, one, gone, None], Notice.Kind.FINDING_DUE, "Due soon.", "/x", key="finding-due:1")
    assert [n.user for n in made] == [one, two]
    assert notices.tell([one, two], Notice.Kind.FINDING_DUE, "Due soon.", "/x", key="finding-due:1") == []
    assert len(notices.tell([one], Notice.Kind.FINDING_DUE, "Due soon.", "/x")) == 1  # no key: given each time


# --- e-mail as each happens -----------------------------------------------------------------


def test_each_notice_is_e_mailed_to_its_person_alone_and_recorded() -> None:
    each = _person("each@notices.test")
    daily = _person("daily@notices.test", NoticeDelivery.DIGEST)
    first, second = _tell(each, "Three cases wait."), _tell(each, "A finding is due.")
    _tell(daily, "Not for e-mail now.")
    mail.outbox.clear()

    sent = notices.send_pending()

    assert (sent.emails, sent.failed) == (2, 0)
    assert [m.to for m in mail.outbox] == [["each@notices.test"], ["each@notices.test"]]
    assert "Three cases wait." in str(mail.outbox[0].body) and "A finding is due." not in str(mail.outbox[0].body)
    assert settings.SITE_URL.rstrip("/") + "/scrutiny/\n" in str(mail.outbox[0].body)  # a full link to act on
    assert "/account/notices/" in str(mail.outbox[0].body)  # and how to change how they are told
    assert str(mail.outbox[0].subject) == "Parity: Cases wait for your review"
    for notice in (first, second):
        notice.refresh_from_db()
        assert notice.sent_at is not None and notice.digested_at is None
    assert Notice.objects.get(user=daily).waiting
    events = AuditEvent.objects.filter(action=notices.SENT, object_id=str(each.pk))
    assert events.count() == 2
    assert all(e.summary == "E-mailed a notice to each@notices.test: Cases wait for your review" for e in events)

    mail.outbox.clear()
    assert notices.send_pending().emails == 0 and not mail.outbox  # each goes once


def test_a_notice_that_cannot_be_e_mailed_waits_for_the_next_run() -> None:
    each = _person("each@notices.test")
    notice = _tell(each, "Three cases wait.")
    with override_settings(EMAIL_BACKEND="parity.web.notify.EmailBackend", PARITY_NOTIFY_API_KEY=""):
        sent = notices.send_pending()
    assert (sent.emails, sent.failed) == (0, 1)
    notice.refresh_from_db()
    assert notice.waiting
    assert not AuditEvent.objects.filter(action=notices.SENT).exists()


def test_while_mail_goes_to_a_file_the_trail_and_page_say_kept(tmp_path: Path, role_world: RoleWorld) -> None:
    analyst = role_world.user("analyst")
    _tell(analyst, "A finding is due.")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    ):
        assert notices.send_pending().emails == 1
        event = AuditEvent.objects.get(action=notices.SENT)
        assert event.summary.startswith("Kept (no e-mail service yet) a notice to")
        page = role_world.client("analyst").get("/account/notices/").content.decode()
    assert "not connected to an e-mail or text-message service yet" in page
    assert "Kept, " in page and "Sent, " not in page
    assert list(tmp_path.iterdir())  # the message is in the file


# --- the daily digest -----------------------------------------------------------------------


def test_the_digest_sends_each_person_one_e_mail_of_their_own_notices() -> None:
    ana = _person("ana@notices.test", NoticeDelivery.DIGEST)
    ben = _person("ben@notices.test", NoticeDelivery.DIGEST)
    quiet = _person("quiet@notices.test", NoticeDelivery.DIGEST)  # nothing to tell: no e-mail
    each = _person("each@notices.test")
    for text in ("Ana one.", "Ana two.", "Ana three."):
        _tell(ana, text)
    _tell(ben, "Ben one.")
    _tell(each, "Each one.")
    mail.outbox.clear()

    result = runner.run("send-notice-digests")

    assert result == "emails 2, notices 4, failed 0"
    by_person = {m.to[0]: str(m.body) for m in mail.outbox}
    assert set(by_person) == {"ana@notices.test", "ben@notices.test"}
    assert all(f"Ana {n}." in by_person["ana@notices.test"] for n in ("one", "two", "three"))
    assert "Ben" not in by_person["ana@notices.test"] and "Each" not in by_person["ana@notices.test"]
    assert by_person["ben@notices.test"].startswith("1 thing needs you in Parity since your last digest:")
    assert "Ana" not in by_person["ben@notices.test"]
    assert not Notice.objects.filter(user__in=[ana, ben], digested_at__isnull=True).exists()
    assert Notice.objects.get(user=each).waiting and not quiet.notices.exists()
    digest = AuditEvent.objects.get(action=notices.DIGEST_SENT, object_id=str(ana.pk))
    assert digest.summary == "E-mailed a daily digest of 3 notices to ana@notices.test"
    assert digest.actor_label == "scheduled job (send-notice-digests)"

    # The next digest lists only what came since.
    _tell(ana, "Ana four.")
    mail.outbox.clear()
    assert notices.send_digests().emails == 1
    [message] = mail.outbox
    assert "Ana four." in str(message.body) and "Ana one." not in str(message.body)


# --- choosing how, on the account page ------------------------------------------------------

NOTICES_PAGE = RoleTable(
    routes={
        "page": "/account/notices/",
        "choose": Route("/account/notices/", "post", {"notices_by": "digest"}),
    },
    table="""
        persona                    page     choose
        anonymous                  sign-in  sign-in
        no-role                    200      302
        panel-member               200      302
        panel-chair                200      302
        advisor                    200      302
        force-admin                200      302
        analyst                    200      302
        analyst/unverified         2fa      2fa
        officer                    200      302
        action-owner               200      302
        board-member               200      302
        engagement-officer         200      302
    """,
)


@NOTICES_PAGE.parametrize
def test_everyone_signed_in_chooses_for_themselves(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_a_choice_changes_only_ones_own_account_and_is_audited(role_world: RoleWorld) -> None:
    analyst = role_world.user("analyst")
    other = role_world.user("force-admin")
    client = role_world.client("analyst")
    response = client.post("/account/notices/", {"notices_by": "digest"}, follow=True)
    assert "we will e-mail you once a day" in response.content.decode()
    analyst.refresh_from_db()
    other.refresh_from_db()
    assert analyst.notices_by == NoticeDelivery.DIGEST and other.notices_by == NoticeDelivery.EACH
    event = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(analyst.pk), action="update").latest(
        "id"
    )
    assert event.changes == {"notices_by": {"before": "each", "after": "digest"}}
    assert event.actor == analyst

    refused = client.post("/account/notices/", {"notices_by": "weekly"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    with pytest.raises(PermissionError):
        notices.choose(other, NoticeDelivery.DIGEST, by=analyst)


def test_the_page_lists_ones_own_notices_only(role_world: RoleWorld) -> None:
    analyst, admin = role_world.user("analyst"), role_world.user("force-admin")
    _tell(analyst, "Case 3 video is asked for.")
    _tell(admin, "Something only the administrator may know.")
    page = role_world.client("analyst").get("/account/notices/").content.decode()
    assert "Case 3 video is asked for." in page
    assert "only the administrator" not in page
    home = role_world.client("analyst").get("/account/").content.decode()
    assert "an e-mail for each, as it happens" in home and 'href="/account/notices/"' in home


def test_the_force_of_a_notice_is_kept_for_the_audit_trail() -> None:
    kent = Force.objects.get(slug="kent")
    user = _person("kent@notices.test")
    [notice] = notices.tell([user], Notice.Kind.ACTION_ASSIGNED, "Yours now.", "/actions/", force=kent)
    notices.send_pending()
    assert AuditEvent.objects.get(action=notices.SENT).force_id == kent.pk == notice.force_id
