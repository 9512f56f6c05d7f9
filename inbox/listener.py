"""The listener as it runs: the SMTP/LMTP transport, the group-commit writer, and a runner that
processes what was stored (a thread, or with ``separate_worker`` the child ``inbox worker``).

The one place that composes intake with the pipeline; the CLI and the tests start exactly this.
"""
from __future__ import annotations

from inbox.bootstrap import Database
from inbox.config import Settings
from inbox.intake.smtp import LettersController
from inbox.intake.store import GroupCommitWriter
from inbox.pipeline.runners import Processor, Runner, WorkerProcess


class Listener:
    def __init__(self, settings: Settings, db: Database, *, host: str, port: int, lmtp: bool = False,
                 separate_worker: bool = False):
        self.processor: Runner = WorkerProcess() if separate_worker else Processor(db.factory, settings)
        self.writer = GroupCommitWriter(db.engine, on_commit=self.processor.wake)
        self.controller = LettersController(settings, self.writer, host=host, port=port, lmtp=lmtp)

    def start(self) -> "Listener":
        self.processor.start()
        self.writer.start()
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
        self.writer.stop()
        self.processor.stop()
