from django.core.management.base import BaseCommand, CommandError

from jijuqu.core.api import create_token
from jijuqu.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a user; the token acts with that user's scope. It is shown once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为“{username}”的有效用户。")
        self.stdout.write(create_token(user, name))
