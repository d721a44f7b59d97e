"""How the API answers what it cannot take: Chinese, field-named messages instead of English or a 500.

- Request validation (django-ninja / pydantic, HTTP 422) is answered like a form error:
  `{"detail": "未保存任何内容。", "errors": {"limit": ["limit：输入整数。"]}}` — the same shape as
  `ValidationFailed`, so a client reads one kind of 422.
- A JSON body with a lone UTF-16 surrogate ("\\ud800") is valid JSON syntax but no text: no database
  can store it (the write failed with a 500). `SurrogateSafeParser` hands such a string to validation
  as the bytes it would encode to, which pydantic refuses as "not valid unicode" — a 422 naming the field.
- ninja's own English answers (401, 404, an unreadable body) are given in the user's language.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _
from ninja.parser import Parser

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class SurrogateSafeParser(Parser):
    def parse_body(self, request):
        return without_lone_surrogates(json.loads(request.body))


def without_lone_surrogates(value):
    """Strings holding a lone surrogate become bytes that are not UTF-8, so validation refuses them
    (error type "string_unicode") at their own field; the rest is returned as parsed."""
    if isinstance(value, str):
        if LONE_SURROGATE.search(value):
            return value.encode("utf-8", "surrogatepass")
        return value
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {k: without_lone_surrogates(v) for k, v in value.items() if not LONE_SURROGATE.search(k)}
    return value


def field_name(loc) -> str:
    """("body", "payload", "values", 0, "zone") → "values.0.zone"; ("query", "limit") → "limit"."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file", "payload"):
        parts.pop(0)
    return ".".join(parts) or "__all__"


def message(error: dict) -> str:
    """One pydantic error in the user's language (the error types are pydantic-core's)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return _("Enter a number.")
    if kind == "decimal_max_places":
        return _("Enter at most %(count)s decimal places.") % {"count": ctx.get("decimal_places")}
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return _("The number has too many digits.")
    if kind in ("greater_than", "greater_than_equal"):
        return _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("gt", ctx.get("ge"))}
    if kind in ("less_than", "less_than_equal"):
        return _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("lt", ctx.get("le"))}
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind == "string_unicode":
        return _("The text contains characters that are not valid Unicode.")
    if kind == "string_type":
        return _("Enter text.")
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(count)s characters.") % {"count": ctx.get("min_length")}
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Enter a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Enter a JSON object.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators' messages, already in the user's language
    return _("Enter a valid value.")


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    """ninja's error list → {field: ["field：message", …]}, as `core.forms.form_errors` gives them."""
    out: dict[str, list[str]] = {}
    for error in errors:
        name = field_name(error.get("loc", ()))
        text = message(error)
        out.setdefault(name, []).append(text if name == "__all__" else f"{name}：{text}")
    return out


def install(api) -> None:
    """Replace ninja's English answers on `api` with ours."""
    from django.http import Http404
    from ninja.errors import AuthenticationError, HttpError, ValidationError

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        detail = {"detail": _("Nothing was saved."), "errors": validation_errors(exc.errors)}
        return api.create_response(request, detail, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = {"detail": _("Log in, or send a valid, unexpired API token (Authorization: Bearer …).")}
        return api.create_response(request, detail, status=401)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found, or not in your scope.")}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        text = str(exc)
        if text.startswith("Cannot parse request body"):  # ninja's own message for an unreadable body
            text = _("The request body is not valid JSON.")
        return api.create_response(request, {"detail": text}, status=exc.status_code)
