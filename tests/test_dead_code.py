"""No function or method that nothing calls: dead code misleads whoever copies the shape."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# Called by a framework, by name, rather than by Parity's code.
FRAMEWORK_NAMES = [
    "ready", "clean_*", "label_from_instance", "has_*_permission", "get_readonly_fields", "create_superuser",
    "to_python", "to_url", "get_cache_key", "is_multipart", "valid_value", "value_from_datadict",
    "value_omitted_from_data", "load_config", "check_*", "bad_request", "csrf_failure", "page_not_found",
    "permission_denied", "server_error", "locked_out", "allow_request", "render_page", "send_messages",
]  # fmt: skip
# Decorators that register a function with a framework (commands, API routes, signal receivers).
REGISTERING = [
    "@*.command", "@*.group", "@router.*", "@*.get", "@*.post", "@*.put", "@*.patch", "@*.delete", "@register",
    "@receiver", "@admin.*", "@override", "@property", "@*.setter", "@pytest.*", "@cached_property",
]  # fmt: skip


def test_every_function_in_parity_is_called() -> None:
    """vulture over the code and the tests (migrations call seeding functions too)."""
    found = subprocess.run(
        [sys.executable, "-m", "vulture", "src/parity", "tests", "--min-confidence", "60",
         "--ignore-names", ",".join(FRAMEWORK_NAMES), "--ignore-decorators", ",".join(REGISTERING)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    unused = [
        line for line in found.stdout.splitlines()
        if line.startswith("src/") and ("unused function" in line or "unused method" in line)
    ]  # fmt: skip
    assert not unused, "nothing calls these; remove them:\n" + "\n".join(unused)
