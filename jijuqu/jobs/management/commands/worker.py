"""`jijuqu worker`: django-tasks' database worker, with a heartbeat /healthz reads.

Run one or more per machine; on PostgreSQL any number of machines share the queue (each job is
claimed with SELECT … FOR UPDATE SKIP LOCKED, so no two workers take the same one).
"""

from __future__ import annotations

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from jijuqu.jobs.services import Heartbeat


class Command(db_worker.Command):
    help = "Run the background jobs (imports, report files, rankings); see also /healthz."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Never reload on code changes by default, even with DEBUG: a job must not be cut off mid-way.
        parser.set_defaults(reload=False)

    def handle(self, *args, worker_id, **options):
        heartbeat = Heartbeat(worker_id, settings.JIJUQU_WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
