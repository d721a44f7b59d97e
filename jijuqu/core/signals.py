"""Signals of our own.

`rows_written`: rows written in bulk, past the models' save() and its signals (`fastinsert.insert`, the
updates of `sync.sync_rows`). Sent with `sender` the model and `rows` the instances or dicts written, so
what is derived from those rows (projects.yearly) stays exact however they were written.
"""

from django.dispatch import Signal

rows_written = Signal()
