"""`jijuqu backup` / `jijuqu restore`: every table's rows and the uploads come back as they were, on the
database the suite runs on (SQLite, or PostgreSQL under DATABASE_URL); a wrong file changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jijuqu.zones.models import Park, Zone

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, tuple[int, str]]:
    """Every table: its row count and a hash of its rows (sorted, so the order rows come back in is no
    matter). Written here independently of jijuqu.core.backup's own check."""
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def spare_park(world):
    return Park.objects.create(zone=world.zone_b, name="待删园区")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "progress" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "progress" / "2026" / "site.jpg").write_bytes(b"photo of the site")
    return settings.MEDIA_ROOT


def change_everything(world, media):
    """Add, edit and delete rows (each also writes history rows), and change the uploads."""
    Park.objects.create(zone=world.zone_a, name="新园区")
    world.zone_b.name = "汝州市产业集聚区（改）"
    world.zone_b.save()
    Park.objects.get(name="待删园区").delete()
    (media / "progress" / "2026" / "site.jpg").write_bytes(b"another photo")
    (media / "imports").mkdir()
    (media / "imports" / "ledger.xlsx").write_bytes(b"a workbook uploaded after the backup")


def test_restore_brings_back_every_table_and_upload_as_at_backup_time(
    world, spare_park, media, tmp_path, report_figures
):
    world.zone_a.planned_area = world.zone_a.planned_area  # a saved edit before the backup, in history too
    world.zone_a.save()
    before, uploads = snapshot(), files(media)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", out=str(archive))

    change_everything(world, media)
    changed = snapshot()
    assert changed != before
    history_tables = [t for t in before if "historical" in t and changed[t] != before[t]]
    assert history_tables, "the changes after the backup wrote no history rows"
    assert files(media) != uploads

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    after = snapshot()
    assert after == before, [t for t in before if after.get(t) != before[t]]
    assert files(media) == uploads
    assert Zone.objects.get(pk=world.zone_b.pk).name == world.zone_b.name.replace("（改）", "")
    report_figures(
        f"backup round trip on {connection.vendor}: {len(before)} tables, "
        f"{sum(n for n, _ in before.values())} rows, {len(uploads)} upload(s) equal after restore "
        f"({len([t for t in before if changed[t] != before[t]])} tables had changed)"
    )


def rewritten(archive, target, change):
    """A copy of `archive` with its manifest and members passed through change(name, bytes)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_a_wrong_or_corrupt_file_and_changes_nothing(world, spare_park, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", out=str(archive))
    change_everything(world, media)
    current, uploads = snapshot(), files(media)

    def manifest(edit):
        def change(name, data):
            if name == "manifest.json":
                return json.dumps(edit(json.loads(data))).encode()
            return data

        return change

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"PK\x03\x04 not a backup at all" * 100)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    bad = {
        "garbage": garbage,
        "truncated": truncated,
        "missing": tmp_path / "no-such-file.tar.gz",
        "no manifest": rewritten(
            archive, tmp_path / "a.tar.gz", lambda n, d: None if n == "manifest.json" else d
        ),
        "other format": rewritten(archive, tmp_path / "b.tar.gz", manifest(lambda m: {**m, "format": "zip"})),
        "other engine": rewritten(
            archive, tmp_path / "c.tar.gz", manifest(lambda m: {**m, "engine": other_engine})
        ),
        "newer jijuqu": rewritten(
            archive,
            tmp_path / "d.tar.gz",
            manifest(lambda m: {**m, "migrations": [*m["migrations"], "core.9999_x"]}),
        ),
        "corrupt database": rewritten(
            archive,
            tmp_path / "e.tar.gz",
            lambda n, d: b"\0garbage" * 4096 if n.startswith("database.") else d,
        ),
    }
    for case, path in bad.items():
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path))
        message = str(refused.value)
        assert "未做任何更改" in message, (case, message)
        assert snapshot() == current, case
        assert files(media) == uploads, case


def test_backup_without_out_writes_into_the_data_directory(world, media, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    out = io.StringIO()
    call_command("backup", stdout=out)
    (written,) = (tmp_path / "data" / "backups").glob("jijuqu-*.tar.gz")
    assert str(written) in out.getvalue()
    assert not list((tmp_path / "data" / "backups").glob("*.partial"))
