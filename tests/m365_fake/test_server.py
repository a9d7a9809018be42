"""The fake tenant's server: faults, the throttling budget, malformed requests, keep-alive, no tracebacks."""
from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from m365_fake.http import Request, Router
from m365_fake.server import Pipeline
from tests.m365_fake.raw import exchange
from tests.conftest import EmulatorClient, trusting_session

PROBE = "/sites/KYILN/_api/probe-for-server-tests"


@pytest.fixture
def tenant(clean_tenant: Any, tenant_info: dict[str, Any]) -> dict[str, Any]:
    """A freshly reset tenant's info."""
    return tenant_info


@pytest.fixture
def session(tenant: dict[str, Any]) -> requests.Session:
    """A new session (own connections, own User-Agent, so its Retry-After deadlines are its own)."""
    s = trusting_session(tenant["ca_path"])
    s.headers["User-Agent"] = f"server-tests/{time.monotonic_ns()}"
    return s



def test_fault_429_carries_retry_after_and_the_throttling_body(emulator: EmulatorClient, session: requests.Session,
                                                               tenant: dict[str, Any]) -> None:
    """A 429 fault answers with its Retry-After and SharePoint's plain-text throttling body, then expires."""
    emulator.add_fault(path="probe-for-server", status=429, headers={"Retry-After": "0"}, count=1)
    first = session.get(tenant["base_url"] + PROBE)
    second = session.get(tenant["base_url"] + PROBE)
    assert (first.status_code, first.headers["Retry-After"], first.text) == (429, "0", "429 TOO MANY REQUESTS")
    assert second.status_code != 429


def test_fault_503_with_custom_body_and_method_filter(emulator: EmulatorClient, session: requests.Session,
                                                      tenant: dict[str, Any]) -> None:
    """A 503 fault matches only its method; other methods pass through."""
    emulator.add_fault(method="POST", path="probe-for-server", status=503, body="busy")
    assert session.get(tenant["base_url"] + PROBE).status_code != 503
    response = session.post(tenant["base_url"] + PROBE)
    assert (response.status_code, response.text) == (503, "busy")


def test_fault_query_regex_limits_the_match(emulator: EmulatorClient, session: requests.Session,
                                            tenant: dict[str, Any]) -> None:
    """A rule with a query regex fires only when the query matches."""
    emulator.add_fault(path="probe-for-server", query=r"\$top=5", status=500)
    assert session.get(tenant["base_url"] + PROBE, params={"$top": "6"}).status_code != 500
    assert session.get(tenant["base_url"] + PROBE + "?$top=5").status_code == 500


def test_latency_beyond_the_client_timeout_times_out(emulator: EmulatorClient, session: requests.Session,
                                                     tenant: dict[str, Any]) -> None:
    """Added latency longer than the client's read timeout makes the client time out."""
    emulator.add_fault(path="probe-for-server", latency=2.0, count=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.get(tenant["base_url"] + PROBE, timeout=0.3)


def test_dropped_connection_reaches_the_client_as_a_connection_error(emulator: EmulatorClient, session: requests.Session,
                                                                     tenant: dict[str, Any]) -> None:
    """A drop fault closes the connection without an answer."""
    emulator.add_fault(path="probe-for-server", drop=True, count=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        session.get(tenant["base_url"] + PROBE)
    assert emulator.requests()[-1]["dropped"] is True


def test_hang_holds_the_request_until_the_client_gives_up(emulator: EmulatorClient, session: requests.Session,
                                                          tenant: dict[str, Any]) -> None:
    """A hang fault never answers; the client's read timeout fires."""
    emulator.add_fault(path="probe-for-server", hang=3.0, count=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.get(tenant["base_url"] + PROBE, timeout=0.3)


def test_truncated_body_is_detected_by_the_client(emulator: EmulatorClient, session: requests.Session,
                                                  tenant: dict[str, Any]) -> None:
    """A truncate fault sends half the body under the full Content-Length."""
    emulator.add_fault(path="probe-for-server", status=200, body="x" * 4000, truncate=True, count=1)
    with pytest.raises(requests.exceptions.RequestException):
        session.get(tenant["base_url"] + PROBE)


def test_fault_probability_zero_never_fires(emulator: EmulatorClient, session: requests.Session,
                                            tenant: dict[str, Any]) -> None:
    """A rule with probability 0 matches but never fires."""
    emulator.add_fault(path="probe-for-server", status=500, probability=0)
    assert all(session.get(tenant["base_url"] + PROBE).status_code != 500 for _ in range(3))


def test_budget_throttles_and_records_premature_retries(emulator: EmulatorClient, session: requests.Session,
                                                        tenant: dict[str, Any]) -> None:
    """A spent budget answers 429 + Retry-After; calling again before it expires is a recorded premature retry."""
    emulator.set_budget(units_per_minute=2, retry_after=30)
    statuses = [session.get(tenant["base_url"] + PROBE).status_code for _ in range(3)]
    throttled = session.get(tenant["base_url"] + PROBE)
    budget = emulator.budget()
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "30")
    assert [p["path"] for p in budget["premature_retries"]] == [PROBE]
    assert budget["premature_retries"][0]["user_agent"] == session.headers["User-Agent"]


def test_writes_cost_more_budget_than_reads(emulator: EmulatorClient, session: requests.Session,
                                            tenant: dict[str, Any]) -> None:
    """With 3 units, a write (2) and a read (1) pass, the next read is throttled."""
    emulator.set_budget(units_per_minute=3, retry_after=5)
    codes = [session.post(tenant["base_url"] + PROBE).status_code, session.get(tenant["base_url"] + PROBE).status_code,
             session.get(tenant["base_url"] + PROBE).status_code]
    assert codes[2] == 429 and 429 not in codes[:2]


def test_waiting_out_retry_after_is_not_premature(emulator: EmulatorClient, session: requests.Session,
                                                  tenant: dict[str, Any]) -> None:
    """A client that waits the Retry-After before calling again leaves the premature record empty."""
    emulator.add_fault(path="probe-for-server", status=503, headers={"Retry-After": "1"}, count=1)
    assert session.get(tenant["base_url"] + PROBE).status_code == 503
    time.sleep(1.05)
    session.get(tenant["base_url"] + PROBE)
    assert emulator.budget()["premature_retries"] == []


def test_control_api_is_never_faulted_or_throttled(emulator: EmulatorClient, session: requests.Session,
                                                   tenant: dict[str, Any]) -> None:
    """Faults and budgets never apply to /_emulator/ itself."""
    emulator.add_fault(path=".*", status=500)
    emulator.set_budget(units_per_minute=1, path=".*")
    assert session.get(tenant["control_url"] + "/faults").status_code == 200
    assert session.get(tenant["control_url"] + "/state").status_code == 200


def test_malformed_request_line_gets_a_400_odata_error(tenant: dict[str, Any]) -> None:
    """Garbage on the wire gets a 400 with an OData error body, never a traceback."""
    answer = exchange(tenant, b"THIS IS NOT HTTP\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b'"error"' in body and b"Traceback" not in answer


def test_bad_content_length_gets_a_400_odata_error(tenant: dict[str, Any]) -> None:
    """A request with an unusable Content-Length gets a 400 OData error."""
    answer = exchange(tenant, b"POST /sites/KYILN/_api/web HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"InvalidClientQueryException" in answer


def test_handler_exception_becomes_a_sharepoint_shaped_500() -> None:
    """A handler bug answers 500 with an OData error body that holds no traceback or exception text."""
    router = Router()

    def broken(request: Request) -> Any:
        raise RuntimeError("secret internals")

    router.add("GET", "/boom", broken)
    pipeline = Pipeline(router, tokens=None)  # type: ignore[arg-type]
    response = pipeline.handle(Request(method="GET", raw_path="/boom", headers=_accept_verbose()))
    assert response.status == 500
    assert b'"error"' in response.body and b"secret internals" not in response.body


def _accept_verbose() -> Any:
    from m365_fake.http import Headers
    return Headers({"Accept": "application/json;odata=verbose"})


def test_unknown_path_gets_a_404_odata_error(session: requests.Session, tenant: dict[str, Any]) -> None:
    """A path nothing serves answers 404 with an OData error body."""
    response = session.get(tenant["base_url"] + "/nothing/here", headers={"Accept": "application/json;odata=verbose"})
    assert response.status_code == 404 and "error" in response.json()


def test_connections_are_kept_alive(emulator: EmulatorClient, session: requests.Session, tenant: dict[str, Any]) -> None:
    """Several requests on one session travel over one TLS connection (HTTP/1.1 keep-alive)."""
    since = emulator.last_seq()
    for _ in range(3):
        session.get(tenant["base_url"] + PROBE)
    mine = [e for e in emulator.requests(since) if e["user_agent"] == session.headers["User-Agent"]]
    assert len(mine) == 3 and len({e["connection"] for e in mine}) == 1


def test_request_log_records_method_path_query_status_and_user_agent(emulator: EmulatorClient, session: requests.Session,
                                                                     tenant: dict[str, Any]) -> None:
    """Every request lands in the log with method, path, query, status, duration and User-Agent."""
    since = emulator.last_seq()
    session.get(tenant["base_url"] + PROBE + "?$top=3")
    entry = [e for e in emulator.requests(since) if e["user_agent"] == session.headers["User-Agent"]][0]
    assert (entry["method"], entry["path"], entry["query"]) == ("GET", PROBE, "$top=3")
    assert entry["user_agent"] == session.headers["User-Agent"]
    assert {"status", "duration_ms", "seq"} <= entry.keys()


def test_batch_costs_what_its_operations_cost(emulator: EmulatorClient, session: requests.Session,
                                              tenant: dict[str, Any]) -> None:
    """A $batch of three deletes costs three writes: more than a 5-unit budget holds, so it is throttled."""
    emulator.set_budget(units_per_minute=5, retry_after=5)
    parts = "".join(f"--b\r\nContent-Type: application/http\r\n\r\nDELETE {tenant['site_url']}/_api/web/lists/x/items({n}) "
                    "HTTP/1.1\r\n\r\n" for n in range(3))
    response = session.post(tenant["site_url"] + "/_api/$batch", data=parts + "--b--\r\n",
                            headers={"Content-Type": "multipart/mixed; boundary=b"})
    assert response.status_code == 429 and emulator.budget()["budget"]["throttled"] == 1


def test_fault_with_a_json_body_is_served_as_json(emulator: EmulatorClient, session: requests.Session,
                                                  tenant: dict[str, Any]) -> None:
    """A rule whose body is a JSON object answers it as JSON (e.g. a SharePoint error object)."""
    error = {"error": {"code": "-2147024891, System.UnauthorizedAccessException",
                       "message": {"lang": "en-US", "value": "Access denied."}}}
    emulator.add_fault(path="probe-for-server", status=403, body=error, count=1)
    response = session.get(tenant["base_url"] + PROBE)
    assert response.status_code == 403 and response.json() == error


def test_rate_limit_headers_warn_before_throttling(emulator: EmulatorClient, session: requests.Session,
                                                  tenant: dict[str, Any]) -> None:
    """Once 80% of the budget is used, answers carry RateLimit-Limit/-Remaining/-Reset."""
    emulator.set_budget(units_per_minute=10, retry_after=5)
    early = session.get(tenant["base_url"] + PROBE)
    for _ in range(7):
        session.get(tenant["base_url"] + PROBE)
    late = session.get(tenant["base_url"] + PROBE)
    assert "RateLimit-Limit" not in early.headers
    assert (late.headers["RateLimit-Limit"], late.headers["RateLimit-Remaining"]) == ("10", "1")
    assert int(late.headers["RateLimit-Reset"]) > 0
