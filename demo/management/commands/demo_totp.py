"""Print the security code a demo account's authenticator app shows now."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.second_factor import current_code


class Command(BaseCommand):
    help = "Print the current security code of a demo account's authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
        if device is None:
            raise CommandError(f"{username} has no authenticator app: run demo_setup first.")
        self.stdout.write(current_code(device))
