"""Error pages in Chinese inside the layout; the menu offers only what the role may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jijuqu.core.navigation import menu_for

pytestmark = pytest.mark.django_db

ROLES = ("admin", "province", "city", "county", "zone_a", "zone_b", "department", "enterprise")


def test_403_and_404_are_chinese_pages_in_the_site_layout(login, world):
    client = login("department")
    for url, status, text in (("/progress/add/", 403, "无权访问"), ("/projects/999999/", 404, "页面不存在")):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == status
        assert text in html and 'id="user-scope"' in html and "Forbidden" not in html, url


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_opens_for_the_role_that_sees_it(login, world, role):
    """导入项目台账 was offered to department and enterprise users, who then got a 403."""
    client = login(role)
    for _, items in menu_for(world.user(role)):
        for item in items:
            url = reverse(item.url_name)
            assert client.get(url).status_code == 200, (role, url)


def test_import_is_not_offered_to_department_and_enterprise_users(world):
    for role in ("department", "enterprise"):
        urls = [i.url_name for _, items in menu_for(world.user(role)) for i in items]
        assert "imports:upload" not in urls, role
    assert "imports:upload" in [i.url_name for _, items in menu_for(world.user("zone_a")) for i in items]
