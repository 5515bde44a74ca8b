import shutil

import pytest
from django.conf import settings
from django.db import connections


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Czech).

    LocaleMiddleware activates the language of each request for the rest of the thread and
    never switches back, so a test that asks for English would otherwise leave it to the next.
    """
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def allow_sync_db_in_browser_tests(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; Django would then refuse
    # database access from the test itself, which is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = settings.BASE_DIR / "test-artifacts"


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests start from empty tables: reload what data migrations seeded.

    Every app that seeds code lists keeps them in `reference_data.py` with `load(apps)`.
    (Content types, permissions and role groups come back by themselves: the flush between
    transactional tests sends post_migrate.)
    """
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("spolu."):
            try:
                module = importlib.import_module(f"{config.name}.reference_data")
            except ModuleNotFoundError:
                continue
            module.load(apps)


@pytest.fixture
def page(reference_data, allow_sync_db_in_browser_tests, live_server):
    """A Chromium page (Debian's chromium, headless) pointed at the live test server."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # Database work done by the test while Playwright ran used connections of this
        # context; close them here or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


@pytest.fixture
def screenshot():
    """Saves a screenshot of a page to test-artifacts/NAME.png and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str, full_page: bool = True):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
