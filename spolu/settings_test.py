"""Settings for the test suite: production settings with plain HTTP for the test client."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SPOLU_HTTPS", "0")
os.environ.setdefault("SPOLU_DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from spolu.settings import *  # noqa: F403
from spolu.settings import VAR_DIR

# One directory per test run (removed at its end), so that two runs side by side, say on
# SQLite and on PostgreSQL, never delete each other's uploads.
MEDIA_ROOT = VAR_DIR / f"test-media-{os.getpid()}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the apps, as in development, without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No persistent connections: the live server's threads must not hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
