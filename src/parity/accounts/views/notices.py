"""Your notices: what Parity told you needs you, and how you want to be told."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from parity.accounts import notices
from parity.accounts.forms import NoticesForm
from parity.accounts.models import NoticeDelivery, User
from parity.web.form_pages import form_page, posted


@login_required
@require_http_methods(["GET", "POST"])
def notices_page(request: HttpRequest) -> HttpResponse:
    """Any signed-in person, for themselves only: there is no address for anyone else's."""
    user = cast(User, request.user)
    form = NoticesForm(data=posted(request), initial={"notices_by": user.notices_by})

    def save(data: dict[str, Any]) -> str:
        notices.choose(user, data["notices_by"], by=user)
        return str(data["notices_by"])

    def done(chosen: str) -> str:
        if chosen == NoticeDelivery.DIGEST:
            return "Saved: we will e-mail you once a day, listing everything that needs you."
        return "Saved: we will e-mail you each time something needs you."

    return form_page(
        request,
        form,
        save,
        done=done,
        then=lambda chosen: redirect("accounts:notices"),
        template="accounts/notices.html",
        context={"recent": list(notices.recent(user))},
    )
