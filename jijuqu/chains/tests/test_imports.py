"""Excel in through the import engine: a chain's segments with their enterprises, and target lists; a bad
file names sheet, row, column and value and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from jijuqu.chains.importers import SEGMENT_SPEC, TARGET_SPEC, import_segments, import_targets
from jijuqu.chains.models import Chain, Segment, SegmentEnterprise, TargetCompany
from jijuqu.chains.testing import make_segment
from jijuqu.imports.engine import analyse
from jijuqu.imports.reader import read_workbook
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Region

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def book(name):
    return read_workbook(str(SAMPLES / name))


@pytest.fixture
def chain(world):
    return Chain.objects.create(name="铝及深加工", zone=world.zone_a)


def test_segments_file_lays_out_the_tree_and_places_enterprises(world, chain):
    result = import_segments(
        analyse(book("segments-good.xlsx"), SEGMENT_SPEC), chain, user=world.user("zone_a")
    )
    assert result.as_dict()["errors"] == []
    tree = {s.name: (s.stage, s.kind, s.parent.name if s.parent_id else None) for s in Segment.objects.all()}
    assert tree == {
        "氧化铝": ("up", "segment", None),
        "电解铝": ("up", "segment", None),
        "铝型材": ("mid", "segment", None),
        "工业铝型材": ("mid", "product", "铝型材"),
        "铝板带": ("mid", "segment", None),
        "连铸连轧": ("mid", "technology", "铝板带"),
        "汽车轻量化": ("down", "segment", None),
    }
    placed = sorted((p.segment.name, p.enterprise.name) for p in SegmentEnterprise.objects.all())
    assert placed == [("工业铝型材", world.enterprise_a.name), ("电解铝", world.enterprise_a.name)]
    again = import_segments(
        analyse(book("segments-good.xlsx"), SEGMENT_SPEC), chain, user=world.user("zone_a")
    )
    assert (again.created, again.unchanged) == (0, 5)
    assert Segment.objects.count() == 7


def test_a_preview_writes_nothing(world, chain):
    result = import_segments(analyse(book("segments-good.xlsx"), SEGMENT_SPEC), chain, write=False)
    assert result.created == 9
    assert not Segment.objects.exists()


def test_bad_segments_file_names_each_cell_and_writes_nothing(world, chain):
    result = import_segments(analyse(book("segments-bad.xlsx"), SEGMENT_SPEC), chain).as_dict()
    errors = [(e["sheet"], e["row"], e["column"], e["value"], e["message"]) for e in result["errors"]]
    assert errors[0][:4] == ("铝及深加工", 4, "F 企业名称", "沁阳某不存在铝业有限公司")
    assert "沁阳市产业集聚区没有名为“沁阳某不存在铝业有限公司”的企业" in errors[0][4]
    assert errors[1][:4] == ("铝及深加工", 5, "G 统一社会信用代码", world.enterprise_b.credit_code)
    assert "河南润灵药业有限公司" in errors[1][4] and "沁阳市产业集聚区" in errors[1][4]
    assert errors[2][:4] == ("铝及深加工", 6, "B 位置", "侧游")
    assert errors[3][:4] == ("铝及深加工", 7, "G 统一社会信用代码", "91410882MA00000000")
    assert len(errors) == 4
    assert not Segment.objects.exists() and not SegmentEnterprise.objects.exists()


@pytest.fixture
def regions(db):
    shandong = Region.objects.create(code="370000", name="山东省", level=RegionLevel.PROVINCE)
    Region.objects.create(code="371600", name="滨州市", level=RegionLevel.CITY, parent=shandong)
    jiangsu = Region.objects.create(code="320000", name="江苏省", level=RegionLevel.PROVINCE)
    Region.objects.create(code="320500", name="苏州市", level=RegionLevel.CITY, parent=jiangsu)
    Region.objects.create(code="330000", name="浙江省", level=RegionLevel.PROVINCE)


def test_targets_file(world, chain, regions):
    for name in ("氧化铝", "汽车轻量化", "电解铝"):
        make_segment(chain, name)
    result = import_targets(analyse(book("targets-good.xlsx"), TARGET_SPEC), chain, user=world.user("zone_a"))
    assert result.as_dict()["errors"] == []
    rows = {
        t.name: (t.segment.name, t.province.name, t.city.name, t.size) for t in TargetCompany.objects.all()
    }
    assert rows == {
        "山东某氧化铝有限公司": ("氧化铝", "山东省", "滨州市", "large"),
        "江苏某汽车零部件有限公司": ("汽车轻量化", "江苏省", "苏州市", "medium"),
    }
    again = import_targets(analyse(book("targets-good.xlsx"), TARGET_SPEC), chain)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_bad_targets_file_names_each_cell_and_writes_nothing(world, chain, regions):
    for name in ("氧化铝", "汽车轻量化", "电解铝"):
        make_segment(chain, name)
    result = import_targets(analyse(book("targets-bad.xlsx"), TARGET_SPEC), chain).as_dict()
    errors = [(e["row"], e["column"], e["value"]) for e in result["errors"]]
    assert errors == [
        (3, "B 环节", "铝箔"),
        (4, "D 统一社会信用代码", "123"),
        (5, "F 城市", "滨州市"),
        (6, "G 规模", "特大"),
    ]
    assert "本产业链没有名为“铝箔”的环节" in result["errors"][0]["message"]
    assert not TargetCompany.objects.exists()


def test_upload_page_offers_only_the_users_chains(world, chain, login):
    Chain.objects.create(name="汝州医药", zone=world.zone_b)
    page = login("zone_a").get("/imports/chain_segments/")
    choices = [str(c) for c in page.context["form"].fields["chain"].queryset]
    assert choices == ["铝及深加工"]
