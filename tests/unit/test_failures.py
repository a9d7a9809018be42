"""The one classifier: every exception a command can meet has one kind, one sentence and one exit code,
and the README's exit-code table says what the code constants say."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests
from office365.runtime.client_request_exception import ClientRequestException

from sharepoint_sync import errors
from sharepoint_sync.core.report import RunReport
from sharepoint_sync.errors import (AuthError, ConfigError, ConfigProblem, ConflictError, LockHeld, PermissionDenied,
                                    RemoteError, RetryBudgetExhausted, SafetyAbort, SiteNotProvisioned,
                                    TransientRemoteError)
from sharepoint_sync.failures import classify, exit_code_of

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://kentuckyde.sharepoint.com/sites/KYILN"


def _response(status: int, body: dict | None = None, url: str = f"{SITE}/_api/web", headers: dict | None = None
              ) -> requests.Response:
    response = requests.Response()
    response.status_code, response.url = status, url
    response._content = json.dumps(body).encode() if body is not None else b""
    response.headers.update(headers or {})
    return response


@pytest.mark.parametrize(("error", "kind", "code", "retried"), [
    (ConfigError([ConfigProblem("site.url", "missing")]), "config", 2, False),
    (SiteNotProvisioned("1 of 5 lists not found: ILN Members"), "setup", 2, False),
    (AuthError("sign-in refused"), "auth", 3, False),
    (PermissionDenied("access denied (403)"), "permission", 3, False),
    (SafetyAbort("the library looks empty"), "safety", 5, False),
    (LockHeld(holder_pid=12, lock_path="/var/lib/iln-sync/run.lock", waited_seconds=0), "busy", 6, False),
    (TransientRemoteError("SharePoint answered 503", status=503), "transient", 7, True),
    (RetryBudgetExhausted("retry budget spent"), "retry_budget", 7, True),
    (RemoteError("Bad request", status=400), "remote", 7, False),
    (ConflictError("the item changed since it was read (412)", status=412), "conflict", 7, False),
], ids=lambda v: v if isinstance(v, str) else None)
def test_each_error_of_the_taxonomy_has_its_kind_exit_code_and_retry_flag(error: Exception, kind: str, code: int,
                                                                         retried: bool) -> None:
    """Our own errors keep their kind; the exit code and whether the retry layer retried it follow from it."""
    failure = classify(error)
    assert (failure.kind, failure.exit_code, failure.retried) == (kind, code, retried)
    assert failure.sentence and failure.error is error


def test_office365_and_requests_errors_are_classified_like_the_gateways() -> None:
    """A ClientRequestException is judged by its response (503 transient, 401 auth, 403 permission, 404 on the
    web: no site), a requests connection error is transient: none of them is an "internal" error."""
    unavailable = ClientRequestException(response=_response(503, url=f"{SITE}/_api/$batch"))
    assert (classify(unavailable).kind, classify(unavailable).exit_code) == ("transient", 7)
    assert classify(ClientRequestException(response=_response(401))).kind == "auth"
    denied = classify(ClientRequestException(response=_response(403, {"error": {"code": "x", "message": "denied"}})))
    assert (denied.kind, denied.exit_code) == ("permission", 3)
    missing = classify(ClientRequestException(response=_response(
        404, {"error": {"code": "-2147024894, System.IO.FileNotFoundException", "message": "File Not Found."}},
        url=f"{SITE}X/_api/web")))
    assert (missing.kind, missing.exit_code) == ("config", 2)
    assert f"site.url: no SharePoint site at {SITE}X" in missing.sentence
    dropped = classify(requests.ConnectionError("connection reset"))
    assert (dropped.kind, dropped.exit_code, dropped.retried) == ("transient", 7, True)


def test_a_missing_list_from_sharepoint_is_the_provision_hint_and_a_vanished_item_is_not() -> None:
    """SharePoint's 404 "List '...' does not exist at site with URL" (error-404-list-not-found.verbose.json) says to
    run provision (exit 2); "Item does not exist" (error-404-item-not-found.verbose.json) stays a remote error."""
    fixtures = ROOT / "tests" / "fixtures" / "sharepoint-responses"
    for name, kind, code in (("error-404-list-not-found.verbose.json", "setup", 2),
                             ("error-404-item-not-found.verbose.json", "remote", 7)):
        recorded = json.loads((fixtures / name).read_text())
        response = _response(recorded["status"], recorded["body"], url=recorded["request"]["url"])
        failure = classify(ClientRequestException(response=response))
        assert (failure.kind, failure.exit_code) == (kind, code), name
    hint = classify(RemoteError("List 'ILN Members' does not exist at site with URL 'x'.", status=404))
    assert "run `iln-sync provision` (with the same --config) first" in hint.sentence


def test_local_file_errors_and_unexpected_errors_have_their_own_kinds() -> None:
    """An OSError is a local file problem (exit 2, naming the path); anything else is internal (exit 1), never
    retried, its sentence naming the exception type."""
    local = classify(PermissionError(13, "Permission denied", "/var/lib/iln-sync/state.sqlite"))
    assert (local.kind, local.exit_code) == ("local", 2) and "/var/lib/iln-sync/state.sqlite" in local.sentence
    bug = classify(KeyError("IlnStatus"))
    assert (bug.kind, bug.exit_code, bug.retried, bug.internal) == ("internal", 1, False, True)
    assert "KeyError" in bug.sentence


def test_the_sentence_never_carries_a_token_echoed_by_the_server() -> None:
    """A server message that echoes a bearer token is redacted in the classified sentence."""
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJlc2lnbmF0dXJl"
    failure = classify(RemoteError(f"bad header Authorization: Bearer {token}", status=400))
    assert token not in failure.sentence


@pytest.mark.parametrize(("outcome", "ended_by", "code"), [
    ("Succeeded", None, 0), ("Stopped", None, 0), ("Partial", None, 4), ("Aborted", None, 5),
    ("Failed", "transient", 7), ("Failed", "remote", 7), ("Failed", "config", 2), ("Failed", "setup", 2),
    ("Failed", "auth", 3), ("Failed", "permission", 3), ("Failed", "internal", 1), ("Failed", None, 7),
])
def test_a_runs_exit_code_comes_from_its_report(outcome: str, ended_by: str | None, code: int) -> None:
    """The outcome gives the code; a Failed run takes the code of the kind of failure that ended it."""
    report = RunReport("r1", "t", "t", outcome, "changes", ended_by=ended_by)  # type: ignore[arg-type]
    assert exit_code_of(report) == code


def test_the_readme_exit_code_table_matches_the_code_constants() -> None:
    """README's "Exit codes" table lists each EXIT_* constant once, with its value, and no other code."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `?(\d+)`? \| `(EXIT_[A-Z]+)` \|", section, re.MULTILINE)
    constants = {name: value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert {name: int(code) for code, name in rows} == constants
    assert len({code for code, _ in rows}) == len(rows) == len(constants)
