import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_unbounded_tokens(apps, schema_editor):
    # Tokens made before expiry existed never expired: they now live the default term from today.
    ApiToken = apps.get_model("core", "ApiToken")
    days = getattr(settings, "JIJUQU_TOKEN_DAYS", 90)
    ApiToken.objects.filter(expires__isnull=True).update(expires=timezone.now() + dt.timedelta(days=days))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_apitoken'),
    ]

    operations = [
        migrations.RunPython(expire_unbounded_tokens, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='apitoken',
            options={'ordering': ['-created'], 'verbose_name': 'API token', 'verbose_name_plural': 'API tokens'},
        ),
        migrations.AlterField(
            model_name='apitoken',
            name='expires',
            field=models.DateTimeField(verbose_name='expires'),
        ),
    ]
