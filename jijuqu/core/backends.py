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
