import re

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_ui_is_chinese_even_for_an_english_browser(login, world):
    response = login("zone_a").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "集聚区管理平台" in html and "退出" in html


def test_english_can_be_chosen(login, world):
    client = login("zone_a")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/zones/").content.decode()
    assert "Export to Excel" in html


def test_navigation_lists_the_domains(login, world):
    html = login("zone_a").get("/").content.decode()
    for label in ("开发区", "园区", "企业", "干部"):
        assert label in html


def test_every_message_is_translated():
    path = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    # The compiled catalogue the server reads says the same as the .po (compilemessages was run).
    compiled = {
        e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(path.with_suffix(".mo"))) if e.msgid
    }
    written = {e.msgid: e.msgstr or {int(k): v for k, v in e.msgstr_plural.items()} for e in po if e.msgid}
    assert compiled == written


@pytest.mark.parametrize(
    "url",
    [
        "/zones/",
        "/parks/",
        "/regions/",
        "/industries/",
        "/departments/",
        "/officials/",
        "/enterprises/",
        "/years/",
        "/zones/add/",
        "/enterprises/add/",
    ],
)
def test_pages_render_for_province_user(login, world, url):
    assert login("province").get(url).status_code == 200


def test_list_search_filter_and_htmx_partial(login, world):
    client = login("province")
    response = client.get(
        "/enterprises/", {"q": "兴发"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "广东兴发铝业（河南）有限公司" in html and "润灵" not in html


def test_static_files_are_served_from_the_package(client):
    for path in (
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/bootstrap/bootstrap.min.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


def test_one_date_style_on_a_page(login, world):
    """The detail table printed 2026年1月1日 while its history printed 2026-01-01."""
    import datetime as dt
    import re
    from decimal import Decimal

    from jijuqu.projects.models import Project

    p = Project.objects.create(
        zone=world.zone_a,
        name="铝型材项目",
        builder_name="兴发铝业",
        total_investment=Decimal("1000.00"),
        planned_start=dt.date(2026, 1, 1),
    )
    from jijuqu.projects.models import Problem

    Problem.objects.create(
        title="用地未落实", project=p, raised_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 2, 5)
    )
    for url in (f"/projects/{p.pk}/", "/problems/"):
        page = login("province").get(url).content.decode()
        assert "2026-02-05" in page, url
        assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}/\d{1,2}/\d{1,2}", page), url


def test_filters_offer_all_not_dashes_or_unknown(login, world):
    for url in ("/problems/", "/approvals/", "/enterprises/", "/zones/"):
        html = login("province").get(url).content.decode()
        assert "---------" not in html and "未知" not in html, url
        assert '<option value="" selected>全部</option>' in html, url


def test_select_boxes_offer_choose_or_a_dash_never_django_dashes(login, world):
    from jijuqu.assessment.testing import make_framework
    from jijuqu.projects.testing import make_project

    project = make_project(world.zone_a)
    framework = make_framework(world)
    urls = (
        "/progress/add/",
        "/problems/add/",
        f"/projects/{project.pk}/edit/",
        "/imports/projects/",
        f"/enterprises/{world.enterprise_a.pk}/edit/",
        f"/assessment/frameworks/{framework.pk}/ranking/?period=2024",
    )
    for url in urls:
        response = login("province").get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "---------" not in html, url
        assert re.search('<option value=""( selected)?>(请选择…|—)</option>', html), url
    # A required choice asks for one; an optional one may stay empty.
    html = login("province").get("/progress/add/").content.decode()
    assert '<option value="" selected>请选择…</option>' in html
    html = login("province").get(f"/enterprises/{world.enterprise_a.pk}/edit/").content.decode()
    assert '<option value="">—</option>' in html
