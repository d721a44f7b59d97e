from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import StaleRecord


class LanguageMiddleware:
    """Chinese unless the user chose otherwise (the language cookie set by /i18n/setlang/).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: an office PC with an
    English browser still gets the Chinese UI its users expect.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class StaleRecordMiddleware:
    """A save from a stale copy (StaleRecord) on any page is told, not a server error.

    The edit form and the API handle it where they save (refuse_stale, a 412); any other page that
    saves a versioned row (a status change, an approval action) lets it rise to here: its transaction
    has rolled back, so nothing was saved, and the user is sent back to the page they came from with
    the message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StaleRecord):
            return None
        messages.error(
            request,
            _("Someone else changed this record in the meantime; nothing was saved. Check it and try again."),
        )
        target = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = request.path if request.method == "GET" else "/"
            obj = exception.obj
            if hasattr(obj, "get_absolute_url") and type(obj).objects.filter(pk=obj.pk).exists():
                target = obj.get_absolute_url()
        if getattr(request, "htmx", False):
            # htmx would swap the redirected page into the fragment: have it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
