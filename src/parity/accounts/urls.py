"""Account pages, under /account/."""

from django.urls import path

from parity.accounts.views import audit_trail, auth, home, notices, people, two_factor

app_name = "accounts"
urlpatterns = [
    path("", home.home, name="home"),
    path("notices/", notices.notices_page, name="notices"),
    path("sign-in", auth.sign_in, name="sign-in"),
    path("sign-out", auth.sign_out, name="sign-out"),
    path("password-reset", auth.password_reset, name="password-reset"),
    path("password-reset/sent", auth.password_reset_sent, name="password-reset-sent"),
    path("password-reset/done", auth.password_reset_done, name="password-reset-done"),
    path("password-reset/<uidb64>/<token>", auth.SetPasswordView.as_view(), name="password-reset-confirm"),
    path("two-factor/set-up", two_factor.set_up, name="two-factor-set-up"),
    path("two-factor/verify", two_factor.verify, name="two-factor-verify"),
    path("people/", people.people, name="people"),
    path("people/add", people.add_person, name="person-add"),
    path("people/withdraw", people.withdraw, name="person-withdraw"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/roles/add", people.add_role, name="role-add"),
    path("people/<int:pk>/roles/<int:role_pk>/remove", people.remove_role, name="role-remove"),
    path("people/<int:pk>/unlock", people.unlock, name="person-unlock"),
    path("people/<int:pk>/second-factor/reset", people.reset_second_factor, name="person-second-factor-reset"),
    path("people/requests/", people.requests, name="requests"),
    path("people/requests/<int:request_pk>/decide", people.decide, name="request-decide"),
    path("audit/", audit_trail.audit_trail, name="audit"),
]
