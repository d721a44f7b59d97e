"""The main path in a real browser: a zone user logs in, sees only the own zone, exports it."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from jijuqu.core.testing import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zone_user_sees_own_zone_and_exports_it(page):
    build_world()
    browser_login(page, "zone_a")
    assert "沁阳市产业集聚区" in page.inner_text("#user-scope")
    page.click("text=开发区 >> nth=0")
    page.click(".dropdown-menu >> text=开发区")
    page.wait_for_url("**/zones/")
    table = page.inner_text("#object-table")
    assert "沁阳市产业集聚区" in table
    assert "汝州市产业集聚区" not in table and "温县产业集聚区" not in table
    with page.expect_download() as info:
        page.click("#export-xlsx")
    ws = load_workbook(BytesIO(open(info.value.path(), "rb").read())).active
    names = [row[2] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert names == ["沁阳市产业集聚区"]
    # Guessing another zone's URL gives nothing.
    response = page.goto(page.base_url + "/zones/" + str(_zone_b_pk()) + "/")
    assert response.status == 404


def test_filter_and_search_update_the_list_in_place(page):
    build_world()
    browser_login(page, "province")
    page.goto(page.base_url + "/enterprises/")
    page.fill("#id_q", "润灵")
    page.press("#id_q", "Enter")
    page.wait_for_function("!document.querySelector('#object-table').innerText.includes('兴发')")
    assert "河南润灵药业有限公司" in page.inner_text("#object-table")
    assert "q=" in page.url


def _zone_b_pk():
    from jijuqu.zones.models import Zone

    return Zone.objects.get(name="汝州市产业集聚区").pk
