"""Mail through Microsoft Graph `sendMail` as the app (the production default).

`POST {graph}/v1.0/users/{sender}/sendMail` with the whole MIME message, base64-encoded, as a
`text/plain` body: Graph's MIME form of sendMail (learn.microsoft.com/graph/api/user-sendmail,
"Example 4: Send a new message using MIME format"; /graph/outlook-send-mime-message), so the
multipart/alternative we build (text and HTML) is what recipients get. 202 Accepted, empty body
(reference: tests/fixtures/sharepoint-responses/graph-sendmail-202.documented.json).

The token comes from `auth` (app-only, scope `{graph}/.default`, permission Mail.Send). Retries go
through the one retry layer, with a gate of its own (Graph throttles apart from SharePoint):
a 429 or 503 refused the mail and is replayed after its Retry-After, a 401 once after a fresh token.
A read timeout, a dropped connection or a 502/504 may come after Exchange accepted the mail, so they
are `DeliveryUncertain` and never replayed.
"""
from __future__ import annotations

import base64
from typing import Sequence
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError

from sharepoint_sync.auth import GRAPH, Authenticator, http_session
from sharepoint_sync.config_sections import HttpSettings
from sharepoint_sync.errors import DeliveryUncertain, TransientRemoteError
from sharepoint_sync.retry import Gate, Retrier, RetryBudget, classify_response

#: what the app needs to send as the sender (docs/mail.md: restrict it to that one mailbox)
MAIL_PERMISSION = ("Microsoft Graph application permission Mail.Send, admin-consented, scoped to the sender "
                   "mailbox (Exchange RBAC for Applications or an application access policy)")
#: retries of one mail inside one run (a mail still refused is sent again by the next run)
MAIL_RETRY_BUDGET = 4


class GraphTransport:
    """Sends MIME messages through Graph as the configured sender (wired by `sharepoint_sync.edges`:
    the Graph endpoint, the authenticator and the HTTP settings; `session` the process's shared one)."""

    name = "graph"

    def __init__(self, graph_url: str, authenticator: Authenticator, http: HttpSettings,
                 session: requests.Session | None = None) -> None:
        self.graph_url = graph_url.rstrip("/")
        self._auth = authenticator
        self.session = session or http_session(http)
        self._timeout = http.timeout
        self._retrier = Retrier(RetryBudget(MAIL_RETRY_BUDGET), refresh_token=lambda: self._auth.invalidate(GRAPH),
                                site_url=self.graph_url, gate=Gate())

    def url_for(self, sender: str) -> str:
        """The sendMail endpoint of the sender's mailbox."""
        return f"{self.graph_url}/v1.0/users/{quote(sender, safe='@')}/sendMail"

    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        """Hand the message to Graph (recipients travel in its To/Cc headers)."""
        body = base64.b64encode(data)
        url = self.url_for(sender)
        self._retrier.call(lambda: self._post(url, body), what="Graph sendMail", idempotent=True)

    def _post(self, url: str, body: bytes) -> None:
        headers = {"Authorization": f"Bearer {self._auth.token_for(GRAPH)}", "Content-Type": "text/plain"}
        try:
            response = self.session.post(url, data=body, headers=headers, timeout=self._timeout)
        except requests.ConnectTimeout:
            raise TransientRemoteError("Graph could not be reached", reason="connect timeout") from None
        except requests.ConnectionError as error:
            if _never_connected(error):
                raise TransientRemoteError("Graph could not be reached", reason="connection refused") from None
            raise DeliveryUncertain("the connection to Graph dropped while sending", reason=type(error).__name__) from None
        except requests.RequestException as error:
            raise DeliveryUncertain("Graph gave no answer while sending", reason=type(error).__name__) from None
        if response.status_code == 202:
            return
        if response.status_code in (502, 504):
            raise DeliveryUncertain(f"Graph answered {response.status_code} while sending", status=response.status_code)
        raise classify_response(response, url, service="Graph", permission_needed=MAIL_PERMISSION)


def _never_connected(error: requests.ConnectionError) -> bool:
    """True when the TCP connection was never made (nothing was sent)."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)
