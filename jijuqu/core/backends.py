"""Authentication backends: django-axes' lockout check, for logins that come with a request."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottle(AxesStandaloneBackend):
    """Refuses a locked user name and address (django-axes). `authenticate()` without a request is
    server-side code (Django's test client, scripts), not a login over the network: axes would raise
    there, so it is let through to the password check, unthrottled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The address a login attempt is counted against (django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless it is one of JIJUQU_TRUSTED_PROXIES (nginx in front of gunicorn): then the
    nearest address in X-Forwarded-For that is not a trusted proxy, which is the one the proxy itself
    appended. Behind a proxy REMOTE_ADDR is the proxy's for every user, and five wrong passwords from
    anyone would lock a user name from everywhere. From any other sender the header is ignored, as
    anyone can send one.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.JIJUQU_TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            return address
    return remote
