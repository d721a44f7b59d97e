"""Logging: errors to stderr and to a rotating file in the data directory, each line with its request.

Every line written while a request is served names the request's method, path and user (the
RequestLogMiddleware keeps the request for the thread serving it), so an error in the log can be
traced to who did what. Several processes (gunicorn workers, the worker, the clock) write to the same
file: SharedRotatingFileHandler rotates it under a file lock and reopens it when another process has
rotated it, so no process goes on writing into a renamed file.
"""

from __future__ import annotations

import contextvars
import fcntl
import logging
import logging.handlers
import os
from pathlib import Path

current_request: contextvars.ContextVar = contextvars.ContextVar("jijuqu_request", default=None)


class RequestLogMiddleware:
    """Keeps the request being served where the log filter finds it (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def user_name(request) -> str:
    """The login of the request's user, "-" for nobody. Never raises: a log line must always be written,
    even when the database that would load the user is what failed."""
    try:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return "-"
        return user.get_username()
    except Exception as err:  # noqa: BLE001 - the user cannot be loaded (database down): say so on the line
        return f"?({type(err).__name__})"


class RequestContextFilter(logging.Filter):
    """Adds `request_method`, `request_path` and `user` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            # A 403 or 404 is the visitor's, not a fault: one line, without Django's traceback.
            record.exc_info, record.exc_text = None, None
        request = getattr(record, "request", None) or current_request.get()
        # django.request passes its request in `extra`; a record may carry a socket instead (django.server).
        if request is None or not hasattr(request, "path"):
            record.request_method, record.request_path, record.user = "-", "-", "-"
        else:
            record.request_method = getattr(request, "method", "-") or "-"
            record.request_path = request.path
            record.user = user_name(request)
        return True


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler that several processes can share: rotation happens under an exclusive lock on
    a `.lock` file beside the log, and a process whose file was rotated by another reopens the new one."""

    def __init__(self, filename, maxBytes=10 * 1024 * 1024, backupCount=10, encoding="utf-8"):  # noqa: N803
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        self.lock_path = f"{filename}.lock"
        super().__init__(filename, maxBytes=maxBytes, backupCount=backupCount, encoding=encoding, delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            with open(self.lock_path, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    self._reopen_if_rotated()
                    if self.shouldRollover(record):
                        self.doRollover()
                    logging.FileHandler.emit(self, record)
                    if self.stream is not None:
                        self.stream.flush()
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        except Exception:  # noqa: BLE001 - logging's own contract: report on stderr, never raise into the caller
            self.handleError(record)

    def _reopen_if_rotated(self) -> None:
        if self.stream is None:
            return
        try:
            on_disk = os.stat(self.baseFilename)
        except FileNotFoundError:
            on_disk = None
        mine = os.fstat(self.stream.fileno())
        if on_disk is None or (on_disk.st_dev, on_disk.st_ino) != (mine.st_dev, mine.st_ino):
            self.stream.close()
            self.stream = None  # FileHandler.emit opens the file anew


FORMAT = (
    "%(asctime)s %(levelname)s [%(process)d] %(name)s "
    "user=%(user)s %(request_method)s %(request_path)s: %(message)s"
)


def logging_config(log_file: str | Path | None, level: str = "INFO") -> dict:
    """The LOGGING setting: stderr always, the rotating file when `log_file` is given."""
    handlers = {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request"],
            "formatter": "plain",
        }
    }
    if log_file:
        handlers["file"] = {
            "()": SharedRotatingFileHandler,
            "filename": str(log_file),
            "filters": ["request"],
            "formatter": "plain",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {"plain": {"format": FORMAT}},
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": "WARNING"},
        "loggers": {
            # Django's own handlers (console only under DEBUG, mail to ADMINS) are replaced by ours.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "jijuqu": {"handlers": [], "level": level, "propagate": True},
        },
    }
