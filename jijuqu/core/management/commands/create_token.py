from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jijuqu.core.models import User
from jijuqu.core.tokens import MAX_DAYS, create_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user; the token acts with that user's scope and expires after --days "
        "(JIJUQU_TOKEN_DAYS, 90 by default). It is shown once; its owner can revoke it on the API tokens page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")
        parser.add_argument("--days", type=int, default=None, help=f"days it is valid, 1 to {MAX_DAYS}")

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为“{username}”的有效用户。")
        days = settings.JIJUQU_TOKEN_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days 应在 1 到 {MAX_DAYS} 之间。")
        self.stdout.write(create_token(user, name, days))
