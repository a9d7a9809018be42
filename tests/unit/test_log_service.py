"""Logging as a service needs it: JSON or console, library loggers routed and redacted, run id on every line,
tracebacks without frame locals, one summary event per run with every counter."""
from __future__ import annotations

import io
import json
import logging
from typing import Iterator

import pytest

from sharepoint_sync import log
from sharepoint_sync.core.report import Counts

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJlLXZhbHVl"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Logging configured as JSON into a buffer for the test, restored after."""
    stream = io.StringIO()
    for name in ("msal.application", "urllib3.connectionpool"):  # whatever an earlier test left on them
        logger = logging.getLogger(name)
        logger.disabled, logger.propagate = False, True
        logger.setLevel(logging.NOTSET)
    log.configure(json=True, stream=stream, force=True)
    yield stream
    log.configure(json=False, force=True)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_json_lines_off_a_terminal_console_on_one() -> None:
    """Without --log-format the choice follows the stream: JSON unless it is a terminal; the flag wins."""
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True
    assert log.wants_json(io.StringIO()) and not log.wants_json(Tty())
    assert log.wants_json(Tty(), "json") and not log.wants_json(io.StringIO(), "console")


def test_library_loggers_go_through_structlog_redacted_with_the_run_id(captured: io.StringIO) -> None:
    """An msal/urllib3 warning becomes a JSON line with a dotted event, the run id bound, and no token."""
    with log.bound_run("run-42"):
        logging.getLogger("msal.application").warning("token %s for Authorization: Bearer opaque123", JWT)
        logging.getLogger("urllib3.connectionpool").info("below the library level: dropped")
    lines = _lines(captured)
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "lib.msal.application" and line["run_id"] == "run-42" and line["level"] == "warning"
    assert JWT not in json.dumps(line) and "opaque123" not in json.dumps(line)


def test_our_events_carry_the_run_id_inside_a_run_only(captured: io.StringIO) -> None:
    """Lines inside bound_run carry its id; lines after it do not."""
    logger = log.get_logger("t")
    with log.bound_run("run-7"):
        logger.info("sync.source.read", item=1)
    logger.info("service.started")
    first, second = _lines(captured)
    assert first["run_id"] == "run-7" and "run_id" not in second


def test_tracebacks_have_no_frame_locals(captured: io.StringIO) -> None:
    """An exception logged with its traceback shows the frames but not a local holding a secret."""
    def fails() -> None:
        client_credential = "hunter2-local-secret"  # noqa: F841 - the local a traceback must not show
        raise RuntimeError("boom")
    try:
        fails()
    except RuntimeError:
        log.get_logger("t").exception("schedule.job.failed")
    text = captured.getvalue()
    assert "boom" in text and "fails" in text and "hunter2-local-secret" not in text


def test_console_tracebacks_have_no_frame_locals() -> None:
    """The console renderer prints a plain traceback (no rich locals)."""
    stream = io.StringIO()
    log.configure(json=False, stream=stream, force=True)
    try:
        def fails() -> None:
            client_credential = "hunter2-console-secret"  # noqa: F841
            raise RuntimeError("boom")
        try:
            fails()
        except RuntimeError:
            log.get_logger("t").exception("schedule.job.failed")
    finally:
        log.configure(json=False, force=True)
    assert "boom" in stream.getvalue() and "hunter2-console-secret" not in stream.getvalue()


@pytest.mark.parametrize("text,secret", [
    ("Authorization: Bearer opaque-token-1234", "opaque-token-1234"),
    ("{'Authorization': 'Basic dXNlcjpwYXNz'}", "dXNlcjpwYXNz"),
    ("grant_type=client_credentials&client_assertion=abc.def.ghi&x=1", "abc.def.ghi"),
    ("client_secret=s3cr3t-value&scope=x", "s3cr3t-value"),
    ("cut off token eyJhbGciOiJSUzI1", "eyJhbGciOiJSUzI1"),
    ("https://t/x.docx?tempauth=abc123secret", "abc123secret"),
])
def test_redact_covers_headers_assertions_and_cut_off_tokens(text: str, secret: str) -> None:
    """redact() removes Authorization values, client assertions and secrets, and a JWT cut short by a log limit."""
    assert secret not in log.redact(text)


def test_redact_keeps_ordinary_words() -> None:
    """Text without secrets is unchanged (a bearer of news, a code review)."""
    text = "the bearer of good news; code review at 10; Authorization pending"
    assert log.redact("the bearer of good news; code review at 10") == "the bearer of good news; code review at 10"
    assert "Authorization" in log.redact(text)


def test_registered_secret_values_are_redacted_wherever_they_appear() -> None:
    """A certificate password read from the environment is removed from any text, nested data included."""
    log.register_secrets(["Pw-registered-77"])
    assert log.redact({"detail": ["bad Pw-registered-77 given"]}) == {"detail": ["bad [redacted] given"]}


def test_the_run_summary_event_has_every_counter(captured: io.StringIO) -> None:
    """sync.run.finished carries every field of Counts (and writes), one event per run."""
    from sharepoint_sync.core import schema as s
    from sharepoint_sync.core.report import RunReport
    from sharepoint_sync.run.record import record_run
    from sharepoint_sync.state import State
    from tests.fakes import FakeSite
    from sharepoint_sync.run.provision import provision_site

    site = FakeSite()
    provision_site(site, s.SiteNames())
    record_run(site, State(":memory:"), s.SiteNames(), RunReport("r1", "a", "b", "Succeeded", "changes", Counts(processed=2)))
    finished = [line for line in _lines(captured) if line["event"] == "sync.run.finished"]
    assert len(finished) == 1
    assert set(Counts.__dataclass_fields__) | {"writes"} <= set(finished[0]) and finished[0]["processed"] == 2
