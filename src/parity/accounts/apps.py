from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parity.accounts"
    label = "accounts"
