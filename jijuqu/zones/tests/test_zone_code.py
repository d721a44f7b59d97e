"""A zone's code is its region's code and a sequence number, in ASCII digits; areas are not negative.
(Found creating a zone on a fresh install in Chromium: "3205820１" with a full-width digit and a
planned area of -3 km² were saved.)"""

import pytest

from jijuqu.zones.models import Zone

pytestmark = pytest.mark.django_db


def post_zone(client, world, **changes):
    data = {"code": "41082502", "name": "温县新区", "region": world.wen_county.pk, "level": "provincial"}
    data["kind"] = "cluster"
    return client.post("/zones/add/", {**data, **changes})


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("4108250２", "只能由数字"),  # a full-width digit typed with a Chinese input method
        ("4108250A", "只能由数字"),
        ("41082", "只能由数字"),
        ("41088202", "温县的代码（410825）"),  # the code of 沁阳市, the region chosen is 温县
    ],
)
def test_a_zone_code_not_made_of_its_region_code_is_refused_naming_the_field(login, world, code, fragment):
    response = post_zone(login("city"), world, code=code)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert fragment in errors["code"][0], errors
    assert not Zone.objects.filter(name="温县新区").exists()


@pytest.mark.parametrize("field", ["planned_area", "built_area"])
def test_a_negative_area_is_refused(login, world, field):
    response = post_zone(login("city"), world, **{field: "-3"})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Zone.objects.filter(name="温县新区").exists()


def test_a_code_of_the_region_and_a_sequence_number_is_saved(login, world):
    assert post_zone(login("city"), world, planned_area="0").status_code == 302
    assert Zone.objects.get(code="41082502").region == world.wen_county
