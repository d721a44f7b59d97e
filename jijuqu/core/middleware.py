from __future__ import annotations

from django.conf import settings
from django.utils import translation


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
