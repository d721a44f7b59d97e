"""The garbage collector in a server process that lives for many requests.

Everything a process has loaded by the end of its first request — Django, jijuqu's modules, the URL map,
templates, translations: some 220,000 objects — lives as long as the process, yet Python's full
collection walks it all again every few requests: 130 ms in the middle of a ledger page. After the first
request the garbage is collected once and what remains is frozen (`gc.freeze`), out of every later
collection's walk (a full collection then takes about 15 ms). Cyclic garbage of later requests is
collected as before.

A big file (the province's 月通报: 54,000 rows, 600,000 cells) is made with the collector `paused`: the
millions of objects it makes live until the file is done, and the collections their making set off
walked them again and again (0.3 of the 1.7 s its workbook took).
"""

from __future__ import annotations

import functools
import gc

from django.core.signals import request_finished


def freeze_after_first_request(sender, **kwargs) -> None:
    request_finished.disconnect(freeze_after_first_request, dispatch_uid=DISPATCH_UID)
    gc.collect()
    gc.freeze()


DISPATCH_UID = "collector-freeze-after-first-request"


def connect() -> None:
    request_finished.connect(freeze_after_first_request, dispatch_uid=DISPATCH_UID)


def paused(function):
    """`function` runs with the cyclic collector off (as it was when it returns or raises)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if not gc.isenabled():  # already paused by a caller
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
