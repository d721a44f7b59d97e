"""History does not grow without bound: `jijuqu prune_history` keeps N days and each record's latest
change; append-only logs keep no copy per save."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jijuqu.core.models import FormSubmission
from jijuqu.core.retention import SUBMISSIONS_KEPT, prune
from jijuqu.enterprises.models import Enterprise
from jijuqu.imports.models import ImportJob
from jijuqu.projects.models import ApprovalAction, Escalation, StatusChange

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 25, 12, 0))


def history_of(enterprise, *ages: dt.timedelta):
    """Give `enterprise` one history row per age (oldest first), dated NOW - age."""
    Enterprise.history.filter(id=enterprise.pk).delete()
    for n, age in enumerate(ages):
        enterprise.contact = f"联系人{n}"
        enterprise.save()
        row = Enterprise.history.filter(id=enterprise.pk).order_by("-history_id").first()
        Enterprise.history.filter(history_id=row.history_id).update(history_date=NOW - age)
    return list(Enterprise.history.filter(id=enterprise.pk).order_by("history_id"))


def test_history_exactly_n_days_old_is_kept_and_a_second_older_goes(world):
    days = dt.timedelta(days=30)
    older, exact, newest = history_of(
        world.enterprise_a, days + dt.timedelta(seconds=1), days, dt.timedelta()
    )
    result = prune(30, now=NOW)
    left = set(Enterprise.history.filter(id=world.enterprise_a.pk).values_list("history_id", flat=True))
    assert left == {exact.history_id, newest.history_id}
    assert result.history["enterprises.HistoricalEnterprise"] >= 1


def test_the_latest_history_row_of_a_record_is_kept_however_old(world):
    old, latest = history_of(world.enterprise_a, dt.timedelta(days=400), dt.timedelta(days=300))
    prune(30, now=NOW)
    left = list(Enterprise.history.filter(id=world.enterprise_a.pk).values_list("history_id", flat=True))
    assert left == [latest.history_id]


def test_dry_run_counts_and_deletes_nothing(world):
    history_of(world.enterprise_a, dt.timedelta(days=90), dt.timedelta(days=60), dt.timedelta(days=1))
    before = Enterprise.history.count()
    result = prune(30, now=NOW, dry_run=True)
    assert result.history["enterprises.HistoricalEnterprise"] >= 2
    assert Enterprise.history.count() == before


def test_without_a_retention_history_is_kept_in_full(world, settings):
    history_of(world.enterprise_a, dt.timedelta(days=3000), dt.timedelta(days=1))
    before = Enterprise.history.count()
    settings.JIJUQU_HISTORY_DAYS = None
    out = StringIO()
    call_command("prune_history", stdout=out)
    assert Enterprise.history.count() == before and "kept in full" in out.getvalue()


def test_the_command_takes_the_setting_and_days(world, settings):
    history_of(world.enterprise_a, dt.timedelta(days=3000), dt.timedelta(days=500), dt.timedelta(0))
    settings.JIJUQU_HISTORY_DAYS = 365
    out = StringIO()
    call_command("prune_history", "--dry-run", stdout=out)
    assert "would delete" in out.getvalue() and "365 days" in out.getvalue()
    assert Enterprise.history.filter(id=world.enterprise_a.pk).count() == 3
    call_command("prune_history", "--days", "1000", stdout=StringIO())
    assert Enterprise.history.filter(id=world.enterprise_a.pk).count() == 2


def test_form_tokens_and_idempotency_keys_expire_after_their_window(world):
    user = world.user("zone_a")
    kept = FormSubmission.objects.create(token="kept", user=user)
    gone = FormSubmission.objects.create(token="gone", user=user)
    FormSubmission.objects.filter(pk=kept.pk).update(created=NOW - SUBMISSIONS_KEPT)
    FormSubmission.objects.filter(pk=gone.pk).update(created=NOW - SUBMISSIONS_KEPT - dt.timedelta(seconds=1))
    result = prune(None, now=NOW)
    assert result.submissions == 1
    assert set(FormSubmission.objects.values_list("token", flat=True)) == {"kept"}


@pytest.mark.parametrize("model", [StatusChange, Escalation, ApprovalAction, ImportJob])
def test_append_only_logs_keep_no_copy_per_save(model):
    assert not hasattr(model, "history")
