"""`iln-sync serve`: the worker as a long-running service.

The jobs (from `[service]`): the sync (`Session.run`), the daily membership pass
(`Session.membership_pass`), the weekly digest (`Session.send_digest`) and the optional renewal
reminders (`Session.send_reminders`). Every job:

* runs only while this process holds the host's run lock (`runlock`); when another process holds it
  past `service.lock_wait_seconds` the job is skipped with one `sync.lock.held` line naming its pid;
* opens its own session (a fresh sign-in context, state connection and extractor), so one broken run
  leaves nothing behind for the next;
* carries the service's stop flag: SIGTERM/SIGINT stop new work, the job under way stops at its next
  checkpoint (between documents or writes) and is recorded as Stopped, and the process exits 0
  within `service.stop_grace_seconds` (1 when a job overran the grace and was abandoned; the kernel
  frees the lock, and the next start converges as after a crash).

The last fire time of each job that ran is kept in the state file, so a restart after downtime
catches each job up once (`scheduler.JobScheduler`).
"""
from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator
from zoneinfo import ZoneInfo

from sharepoint_sync import clock
from sharepoint_sync.config import Config
from sharepoint_sync.errors import LockHeld
from sharepoint_sync.log import get_logger
from sharepoint_sync.runlock import RunLock, lock_path
from sharepoint_sync.scheduler import JobScheduler, JobSpec
from sharepoint_sync.state import State
from sharepoint_sync.stopping import RunControl

log = get_logger("sharepoint_sync.service")

SessionFactory = Callable[..., ContextManager[Any]]


class _NoExtractor:
    """The extractor of sessions whose job reads no letter (membership pass, digest, reminders)."""

    def extract(self, data: bytes, file_name: str) -> Any:
        raise RuntimeError("this job reads no letters")


def _default_sessions(config: Config, *, reads_letters: bool) -> ContextManager[Any]:
    from sharepoint_sync.run.session import open_session

    return open_session(config) if reads_letters else open_session(config, extractor=_NoExtractor())


class Service:
    """The jobs of one configuration, the stop flag they share and the run lock they take."""

    def __init__(self, config: Config, *, sessions: SessionFactory | None = None,
                 control: RunControl | None = None) -> None:
        self.config = config
        self.sessions = sessions or _default_sessions
        self.control = control or RunControl()
        self.lock_file: Path = lock_path(config.sync.state_path)
        self._busy = threading.Condition()
        self._running = 0
        #: told (job name, result) after each job, e.g. to print a line for the person watching
        self.on_result: Callable[[str, Any], None] | None = None

    # --- the jobs ---------------------------------------------------------------------------------

    def job_specs(self) -> list[JobSpec]:
        """Every configured job, with the body it runs."""
        bodies: dict[str, tuple[Callable[[Any], Any], bool]] = {
            "sync": (lambda session: session.run(), True),
            "membership": (lambda session: session.membership_pass(today=self.local_today()), False),
            "digest": (lambda session: _optional(session, "send_digest"), False),
            "reminders": (lambda session: _optional(session, "send_reminders"), False),
        }
        return [JobSpec(name, expression, self.job(name, *bodies[name]), key=f"service.{name}_schedule")
                for name, expression in self.config.service.schedules().items()]

    def job(self, name: str, body: Callable[[Any], Any], reads_letters: bool) -> Callable[[], Any]:
        """The body wrapped in the lock, a session of its own and the stop flag."""
        def run() -> Any:
            if self.control.stop_requested:
                log.info("service.job.not_started", job=name, reason="stopping")
                return None
            with self._counted(), contextlib.ExitStack() as stack:
                lock = RunLock(self.lock_file)
                try:
                    lock.acquire(self.config.service.lock_wait_seconds, self.control)
                except LockHeld:
                    return None  # runlock logged the one line naming the holder
                stack.callback(lock.release)
                session = stack.enter_context(self.sessions(self.config, reads_letters=reads_letters))
                session.control = self.control
                result = body(session)
                log.info("service.job.result", job=name, outcome=getattr(result, "outcome", None),
                         run_id=getattr(result, "run_id", None))
                if self.on_result is not None:
                    self.on_result(name, result)
                return result
        return run

    def local_today(self) -> Any:
        """Today's date in the service's time zone (July 1 begins at midnight in Frankfort, not in UTC)."""
        return clock.now().astimezone(ZoneInfo(self.config.service.timezone)).date()

    @contextlib.contextmanager
    def _counted(self) -> Iterator[None]:
        with self._busy:
            self._running += 1
        try:
            yield
        finally:
            with self._busy:
                self._running -= 1
                self._busy.notify_all()

    # --- scheduling and stopping ------------------------------------------------------------------

    def scheduler(self, *, manual: bool = False) -> JobScheduler:
        """The jobs on a scheduler that catches up from, and records into, the state file."""
        with State(self.config.sync.state_path) as state:
            last_runs = state.job_runs()
        return JobScheduler(self.job_specs(), timezone=self.config.service.timezone, manual=manual,
                            last_runs=last_runs, on_ran=self._remember_run)

    def _remember_run(self, name: str, fire_time: Any) -> None:
        with State(self.config.sync.state_path) as state:  # a connection per call: jobs run on other threads
            state.save_job_run(name, fire_time)

    def request_stop(self, reason: str) -> None:
        """Stop new work; the job under way stops at its next checkpoint."""
        log.info("service.stop.requested", reason=reason, grace_seconds=self.config.service.stop_grace_seconds)
        self.control.request_stop(reason)

    def wait_idle(self, seconds: float) -> bool:
        """Wait up to `seconds` for the running jobs to end; True when none is running."""
        deadline = clock.monotonic() + seconds
        with self._busy:
            while self._running:
                left = deadline - clock.monotonic()
                if left <= 0:
                    return False
                self._busy.wait(left)
        return True

    def serve(self, *, now: bool = False, announce: Callable[[JobScheduler], None] | None = None) -> int:
        """Run the jobs until SIGTERM/SIGINT; 0 after a clean stop, 1 when a job overran the grace time."""
        scheduler = self.scheduler()
        scheduler.start()
        install_stop_signals(self.request_stop)
        log.info("service.started", jobs={k: str(v) for k, v in scheduler.next_run_times().items()},
                 timezone=self.config.service.timezone)
        if announce is not None:
            announce(scheduler)
        if now and "iln-sync.sync" in scheduler.jobs:
            scheduler.run_soon("sync")
        while not self.control.wait(1.0):
            pass
        scheduler.stop_new_work()
        grace = self.config.service.stop_grace_seconds
        if self.wait_idle(grace):
            log.info("service.stopped", reason=self.control.reason)
            return 0
        log.error("service.stop.grace_exceeded", grace_seconds=grace,
                  detail="the job under way was abandoned; the next start converges as after a crash")
        return 1


def _optional(session: Any, method: str) -> Any:
    """Call a session method that arrives with the mail work; a build without it logs and skips the job."""
    call = getattr(session, method, None)
    if call is None:
        log.warning("service.job.unavailable", method=method, detail="this build cannot send mail yet")
        return None
    return call()


def install_stop_signals(stop: Callable[[str], None]) -> Callable[[], None]:
    """SIGTERM and SIGINT ask for a clean stop (only the main thread may install handlers); returns a
    function that puts the previous handlers back (a command run in-process, e.g. by tests)."""
    def handler(signum: int, _frame: Any) -> None:
        stop(signal.Signals(signum).name)
    try:
        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread (in-process tests)
        return lambda: None

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)
    return restore
