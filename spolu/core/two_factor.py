"""Helpers around django-otp's TOTP devices: QR code for enrolment, secrets for the demo."""

from __future__ import annotations

import base64
import hashlib
import time

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.models import User


def qr_code_svg(url: str) -> str:
    """An inline SVG of the otpauth:// URL (no external request, allowed by our CSP)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps want it typed in, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code an authenticator app shows now (used by the demo and the browser tests)."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    generator.time = at if at is not None else time.time()
    return str(generator.token()).zfill(device.digits)


@transaction.atomic
def two_factor_reset(*, user: User) -> int:
    """Remove a user's devices (lost phone); they enrol a new one at their next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def demo_device(*, user: User, seed: str) -> TOTPDevice:
    """A confirmed device whose secret is derived from `seed`, so demo logins are reproducible."""
    key = hashlib.sha256(f"spolu-demo-totp:{seed}:{user.username}".encode()).hexdigest()[:40]
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": key, "confirmed": True}
    )
    return device
