"""Forms for signing in, the second factor, and managing people and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from parity.accounts.models import NoticeDelivery, User
from parity.accounts.roles import DESCRIPTIONS, Role
from parity.accounts.scopes import panel_model
from parity.reference.models import Force
from parity.web.forms import SHORT_TEXT


class SignInForm(forms.Form):
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        max_length=SHORT_TEXT,
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid": "Enter the e-mail address and password of your Parity account",
    }

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        # Lower case before django-axes counts failures, so "A@x" and "a@x" share a count.
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            user = authenticate(self.request, email=email, password=password)
            if user is None or not user.is_active:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            self.user = user
        return self.cleaned_data


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text="We will send a link to set a new password, if this address has a Parity account.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@example.org",
        },
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's set-password form, with GOV.UK wording and the password manager hints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "New password", "Type the new password again"
        first.help_text = (
            "At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        )
        first.widget.attrs = {"autocomplete": "new-password"}
        second.widget.attrs = {"autocomplete": "new-password"}
        for field in (first, second):  # a limit, as every text field has
            field.max_length = SHORT_TEXT  # type: ignore[attr-defined]
            field.validators.append(MaxLengthValidator(SHORT_TEXT))


class TokenForm(forms.Form):
    token = forms.CharField(
        max_length=SHORT_TEXT,
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for Parity. It changes every 30 seconds.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        token = "".join(str(self.cleaned_data["token"]).split())
        if not (token.isdigit() and len(token) == 6):
            raise ValidationError("Enter the 6 digits your authenticator app shows, like 123456")
        return token


if TYPE_CHECKING:
    _PanelField = forms.ModelChoiceField[Model]
else:  # Django's form fields are not subscriptable at run time
    _PanelField = forms.ModelChoiceField


class PanelChoiceField(_PanelField):
    """Panels named with their force, since two forces may both have a "Youth panel"."""

    def label_from_instance(self, obj: Model) -> str:
        return f"{obj.name} ({obj.force.name})"  # type: ignore[attr-defined]


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]


class RoleForm(forms.Form):
    """Give a role, in one of the forces the administrator runs."""

    role = forms.ChoiceField(
        label="Role", choices=_role_choices, widget=forms.RadioSelect, error_messages={"required": "Choose a role"}
    )
    force = forms.ModelChoiceField(
        label="Force", queryset=Force.objects.none(), empty_label=None, error_messages={"required": "Choose a force"}
    )
    panel = PanelChoiceField(
        label="Panel (panel chairs and members only)",
        queryset=None,  # the panels of the form's forces, set in __init__
        required=False,
        empty_label="No panel",
    )
    team = forms.CharField(
        label="Team (officers and supervisors only)",
        help_text="A supervisor sees the records of the officers in the team they supervise. "
        "A new team name makes a new team.",
        required=False,
        max_length=120,
    )

    def __init__(self, *args: Any, forces: QuerySet[Force], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        force_field = cast("forms.ModelChoiceField[Force]", self.fields["force"])
        panel_field = cast("forms.ModelChoiceField[Model]", self.fields["panel"])
        force_field.queryset = forces
        panel_field.queryset = panel_model()._default_manager.filter(force__in=forces).select_related("force")
        if forces.count() == 1:
            force_field.initial = forces.first()

    item_hints = {role.value: text for role, text in DESCRIPTIONS.items()}


class PersonForm(RoleForm):
    """Add someone to the force: their account (made if needed) and a first role."""

    email = forms.EmailField(
        label="E-mail address",
        help_text="Their work e-mail. They get a link there to set their password.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@example.org",
        },
    )
    full_name = forms.CharField(label="Full name", max_length=150, required=False)

    field_order = ["email", "full_name", "role", "force", "panel", "team"]


class AuditFilterForm(forms.Form):
    """Filters for the audit trail page; every field is optional."""

    force = forms.ModelChoiceField(queryset=Force.objects.none(), required=False, empty_label="All your forces")
    who = forms.CharField(label="Person (e-mail contains)", required=False, max_length=254)
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.CharField(label="Record type (like scrutiny.panel)", required=False, max_length=100)
    refused = forms.BooleanField(label="Only refused attempts", required=False)

    def __init__(self, *args: Any, forces: QuerySet[Force], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        force_field = cast("forms.ModelChoiceField[Force]", self.fields["force"])
        force_field.queryset = forces
        action_field: forms.ChoiceField = self.fields["action"]  # type: ignore[assignment]
        action_field.choices = [("", "Any action"), *[(a, a) for a in actions]]


class NoticesForm(forms.Form):
    """How a person is told what needs them to act: each as it happens, or a daily digest."""

    notices_by = forms.ChoiceField(
        label="How should we tell you when something needs you?",
        choices=NoticeDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how we tell you"},
    )
