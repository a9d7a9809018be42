"""The fake tenant on werkzeug: HTTP/1.1 on the wire as SharePoint speaks it, routing, and who owns which library."""
from __future__ import annotations

import ast
import re
import socket
import ssl
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import requests

from m365_fake.http import Request, Response, Router
from m365_fake.tls import load_or_create
from m365_fake.server import server_context
from m365_fake.wsgi import HttpsServer
from tests.m365_fake.raw import exchange
from tests.conftest import EmulatorClient, trusting_session

FAKE = Path(__file__).resolve().parents[2] / "fake" / "m365_fake"



def _heads(answer: bytes) -> list[bytes]:
    """The status lines in a stream of answers (one answer's body runs straight into the next status line)."""
    return re.findall(rb"HTTP/1\.1 \d{3} [^\r]*", answer)


def test_three_requests_on_one_connection_get_three_answers_and_one_connection_number(
        clean_tenant: Any, tenant_info: dict[str, Any], emulator: EmulatorClient) -> None:
    """Requests sent back to back on one connection are all answered on it (keep-alive, no Connection: close)."""
    since = emulator.last_seq()
    request = b"GET /_emulator/faults HTTP/1.1\r\nHost: x\r\nUser-Agent: wire-keepalive\r\n\r\n"
    answer = exchange(tenant_info, request * 2 + request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    mine = [e for e in emulator.requests(since) if e["user_agent"] == "wire-keepalive"]
    assert _heads(answer) == [b"HTTP/1.1 200 OK"] * 3
    assert answer.count(b"Connection: close") == 1
    assert len(mine) == 3 and len({e["connection"] for e in mine}) == 1


def test_a_chunked_request_body_is_read_whole_and_the_connection_stays_usable(
        clean_tenant: Any, tenant_info: dict[str, Any], emulator: EmulatorClient) -> None:
    """A `Transfer-Encoding: chunked` body reaches the handler whole; the next request on the connection is served."""
    body = b'{"path": "wire-chunked", "status": 418}'
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:])) + b"0\r\n\r\n"
    answer = exchange(tenant_info, b"POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                    b"Content-Type: application/json\r\n\r\n" + chunked
                       + b"GET /_emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert _heads(answer) == [b"HTTP/1.1 201 Created", b"HTTP/1.1 200 OK"]
    rules = emulator.session.get(emulator.url + "/faults").json()["faults"]
    assert [rule["path"] for rule in rules] == ["wire-chunked"]


def test_expect_100_continue_gets_one_interim_answer_before_the_body_is_sent(clean_tenant: Any,
                                                                          tenant_info: dict[str, Any]) -> None:
    """A client that waits for `100 Continue` gets it once, then sends its body and gets the final answer."""
    context = ssl.create_default_context(cafile=tenant_info["ca_path"])
    host, port = tenant_info["base_url"].removeprefix("https://").split(":")
    body = b'{"seconds": 3600}'
    with socket.create_connection((host, int(port)), timeout=5) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        tls.sendall(b"POST /_emulator/token-lifetime HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    b"Content-Type: application/json\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body))
        interim = tls.recv(65536)
        tls.sendall(body)
        rest = b""
        while chunk := tls.recv(65536):
            rest += chunk
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert _heads(rest) == [b"HTTP/1.1 200 OK"]


def test_answers_carry_sharepoint_online_server_headers(https_session: requests.Session,
                                                        tenant_info: dict[str, Any]) -> None:
    """Every answer names IIS as its server and carries SharePoint's request id headers."""
    response = https_session.get(tenant_info["control_url"] + "/faults")
    assert response.headers["Server"] == "Microsoft-IIS/10.0"
    assert response.headers["SPRequestGuid"] and response.headers["request-id"]
    assert response.headers["X-SharePointHealthScore"] == "0" and "Date" in response.headers


def test_head_answers_the_length_without_a_body(tenant_info: dict[str, Any]) -> None:
    """HEAD gets the headers of GET, Content-Length included, and no body."""
    answer = exchange(tenant_info, b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, rest = answer.partition(b"\r\n\r\n")
    length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    assert head.startswith(b"HTTP/1.1 200") and int(length[0].split(b":")[1]) > 1000 and rest == b""


def test_an_absolute_form_request_target_is_served_as_its_path(tenant_info: dict[str, Any]) -> None:
    """`GET https://host/path HTTP/1.1` (as a proxy-minded client sends it) is the request for /path."""
    answer = exchange(tenant_info, b"GET https://127.0.0.1/_emulator/faults HTTP/1.1\r\nHost: x\r\n"
                                    b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200") and b'"faults"' in answer


def test_sharepoint_addresses_match_in_any_letter_case(https_session: requests.Session, tenant_info: dict[str, Any],
                                                       get_token: Callable[..., str]) -> None:
    """`/SITES/<site>/_API/web` is the site's web, as SharePoint's URLs are case-insensitive."""
    token = get_token()
    site = tenant_info["site_url"].removeprefix(tenant_info["base_url"])
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json;odata=verbose"}
    response = https_session.get(tenant_info["base_url"] + site.upper() + "/_API/web", headers=headers)
    assert response.status_code == 200 and response.json()["d"]["ServerRelativeUrl"] == site


def test_the_api_rule_hands_the_odata_path_whole_to_its_handler() -> None:
    """One rule takes `<site>/_api/...` (or the root's `/_api/...`); the OData path after it, slashes and quotes
    inside function calls included, is the handler's `rest`."""
    router = Router()
    router.add("*", "/<anycase('sites/Contoso/_api', '_api'):rest>", lambda request: Response(status=204))
    router.add("GET", "/_emulator/state", lambda request: Response(status=200))
    paths = {"/sites/contoso/_api/web/lists/GetByTitle('a/b')/items(3)": "web/lists/GetByTitle('a/b')/items(3)",
             "/_API/web/GetFileByServerRelativePath(DecodedUrl=@a1)": "web/GetFileByServerRelativePath(DecodedUrl=@a1)",
             "/sites/Contoso/_api": "", "/sites/Contoso/_api/web/": "web/"}
    for path, rest in paths.items():
        request = Request(method="MERGE", raw_path=path)
        assert router.route(request) is not None and request.params == {"rest": rest}, path
    assert router.route(Request(method="GET", raw_path="/sites/other/_api/web")) is None
    assert router.route(Request(method="GET", raw_path="/sites/Contoso/_apix")) is None
    assert router.route(Request(method="GET", raw_path="/_emulator/state/")) is not None
    assert router.route(Request(method="POST", raw_path="/_emulator/state")) is None


def test_fixed_paths_match_in_any_letter_case_too() -> None:
    """`/graph/v1.0/users/<upn>/SENDMAIL` reaches sendMail (Graph and Entra ID paths are case-insensitive)."""
    router = Router()
    router.add("POST", "/graph/v1.0/users/<upn>/sendMail", lambda request: Response(status=202))
    request = Request(method="POST", raw_path="/Graph/V1.0/users/Ann@Contoso.com/SENDMAIL")
    assert router.route(request) is not None and request.params == {"upn": "ann@contoso.com"}
    exact = Request(method="POST", raw_path="/graph/v1.0/users/Ann@Contoso.com/sendMail")
    assert router.route(exact) is not None and exact.params == {"upn": "Ann@Contoso.com"}
    assert router.route(Request(method="GET", raw_path="/graph/v1.0/users/a@b.c/SENDMAIL")) is None


def test_a_port_in_use_is_an_os_error_for_the_caller(tmp_path: Path) -> None:
    """Starting on a taken port raises OSError (werkzeug alone would print and exit the process)."""
    keys = load_or_create(tmp_path / "keys", ())
    context = server_context(str(keys.server.cert_path), str(keys.server.key_path))
    first = HttpsServer(0, context)
    try:
        with pytest.raises(OSError):
            HttpsServer(first.server_address[1], context)
    finally:
        first.server_close()


def test_a_failing_wsgi_app_answers_a_sharepoint_shaped_500_without_its_error(tmp_path: Path) -> None:
    """Whatever goes wrong around the pipeline answers 500 with an OData error body, never the exception text."""
    keys = load_or_create(tmp_path / "keys", ())
    server = HttpsServer(0, server_context(str(keys.server.cert_path), str(keys.server.key_path)))

    def broken(environ: Any, start_response: Any) -> Any:
        raise RuntimeError("secret internals")

    server.app = broken
    server.start()
    try:
        response = trusting_session(str(keys.ca.cert_path)).get(server.base_url + "/anything", timeout=5)
    finally:
        server.stop()
    assert response.status_code == 500 and "error" in response.json()
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_a_stalled_tls_handshake_does_not_hold_up_other_clients(https_session: requests.Session,
                                                                tenant_info: dict[str, Any]) -> None:
    """A client that connects and never starts TLS does not delay another client's request."""
    host, port = tenant_info["base_url"].removeprefix("https://").split(":")
    with socket.create_connection((host, int(port)), timeout=5):
        started = time.monotonic()
        assert https_session.get(tenant_info["control_url"] + "/faults", timeout=5).status_code == 200
        assert time.monotonic() - started < 2


@pytest.mark.parametrize("library, owners", [("werkzeug", {"http.py", "wsgi.py"}),
                                             ("jinja2", {"rendering.py"}), ("markupsafe", {"rendering.py"})])
def test_each_web_library_lives_behind_its_own_modules_in_the_fake(library: str, owners: set[str]) -> None:
    """werkzeug only in the router and the wire, Jinja2 and MarkupSafe only in the one rendering module."""
    importers = set()
    for path in FAKE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            if any(name.split(".")[0] == library for name in names):
                importers.add(path.relative_to(FAKE).as_posix())
    assert importers == owners
