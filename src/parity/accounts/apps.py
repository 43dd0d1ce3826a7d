from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parity.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and audit"

    def ready(self) -> None:
        from parity.accounts import audit, signals
        from parity.accounts.models import RoleAssignment, Team, User

        signals.connect()
        # Passwords: the change is recorded, never the hash. last_login: every sign-in is
        # recorded as its own event already.
        audit.register(User, exclude=("last_login",), redact=("password",), force=lambda user: None)
        audit.register(RoleAssignment)
        audit.register(Team)
