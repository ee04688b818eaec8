"""Writes for accounts: setting up and confirming the second factor."""

from base64 import b32encode

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "Authenticator-app"


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device that the setup page shows as a QR code (created once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device with a first code from the app; False if the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return True


def totp_secret_display(device: TOTPDevice) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
