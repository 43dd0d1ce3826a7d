"""WhiteNoise, quiet when `collectstatic` has not been run.

Parity serves its static files straight from the app folders through Django's finders
(WHITENOISE_USE_FINDERS), so a missing STATIC_ROOT is normal in development, in tests and
for `parity demo`; plain WhiteNoise warns about it on every start.
"""

from __future__ import annotations

import os
from typing import Any

from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    def add_files(self, root: Any, prefix: str | None = None) -> None:
        if self.static_root and root == self.static_root and not os.path.isdir(root):
            return
        super().add_files(root, prefix)
