"""The garbage collector in a server process that lives for many requests.

Everything a process has loaded by the end of its first request — Django, jijuqu's modules, the URL map,
templates, translations: some 220,000 objects — lives as long as the process, yet Python's full
collection walks it all again every few requests: 130 ms in the middle of a ledger page. After the first
request the garbage is collected once and what remains is frozen (`gc.freeze`), out of every later
collection's walk (a full collection then takes about 15 ms). Cyclic garbage of later requests is
collected as before.

A bulk job (an import of 100,000 ledger rows) keeps each batch of rows alive while it checks and writes
it, so the batch's objects outlive the young collections; Python's full collection, due whenever those
survivors pass a quarter of the objects held, walked every object of the process once or twice per batch:
6 s of a 100,000-row import. Within `young_only()` only the young generations are collected (cycles among
a batch's short-lived objects still are); the full collection waits until the job is done. The
province's 月通报 (54,000 rows, 600,000 cells, built and written) is made the same way: its build and
workbook each took 0.2–0.3 s more with full collections.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.core.signals import request_finished


def freeze_after_first_request(sender, **kwargs) -> None:
    request_finished.disconnect(freeze_after_first_request, dispatch_uid=DISPATCH_UID)
    gc.collect()
    gc.freeze()


DISPATCH_UID = "collector-freeze-after-first-request"


def connect() -> None:
    request_finished.connect(freeze_after_first_request, dispatch_uid=DISPATCH_UID)


FULL_NEVER = 2**31 - 1  # gen 2's threshold: the count of young collections before a full one


@contextmanager
def young_only():
    """Within: no automatic full collection (see above); the thresholds as they were afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], FULL_NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*before)
