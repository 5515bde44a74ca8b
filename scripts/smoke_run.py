"""Sign in to a running `make run` as the demo coordinator, the way a person would.

    python scripts/smoke_run.py http://127.0.0.1:8000 PASSWORD [screenshot.png]

Takes the password `make run` printed and the two-factor code from `manage.py totp_code` (as the
README tells people to), signs in with Debian's chromium, and checks that the dashboard greets
the coordinator. Used by .ci/run against a real `make run`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def totp_code(username: str) -> str:
    env = {**os.environ, "SPOLU_DEBUG": "1"}
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "totp_code", username],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def main(base_url: str, password: str, shot: Path) -> int:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(base_url=base_url, locale="cs-CZ")
        page.goto("/")
        page.get_by_label("Uživatelské jméno").fill("coordinator")
        page.get_by_label("Heslo").fill(password)
        page.get_by_role("button", name="Pokračovat").click()
        page.wait_for_url("**/accounts/two-factor/")
        page.get_by_label("Kód z ověřovací aplikace").fill(totp_code("coordinator"))
        page.get_by_role("button", name="Přihlášení").click()
        page.wait_for_url(base_url.rstrip("/") + "/")
        heading = page.get_by_role("heading", level=1).inner_text()
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    if heading != "Dobrý den, Jana":
        print(f"Unexpected dashboard heading: {heading!r}", file=sys.stderr)
        return 1
    print(f"Signed in as the demo coordinator with 2FA; screenshot in {shot}")
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "test-artifacts/smoke-dashboard.png"
    sys.exit(main(sys.argv[1], sys.argv[2], target))
