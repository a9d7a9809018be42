"""The `$batch` fidelity scenarios: the four raw multipart recordings, reproduced by the fake.

A multipart answer is compared part by part: the boundary form (`batchresponse_<guid>`), each part's
framing headers, status line, upper-case part headers (CONTENT-TYPE, ETAG) and, for JSON parts, the
body's shape. The recordings keep LF line ends (README); the fake sends CRLF as MIME says, so line
ends are normalised before comparing.
"""
from __future__ import annotations

import json
import re
from typing import Any

from tests.m365_fake.test_fidelity_cases import Env, Observed
from tests.m365_fake.test_fidelity_shapes import shape, string_form

_BOUNDARY = re.compile(r"^--(batchresponse_[0-9a-f-]{36})$", re.M)


def batch_request(env: Env, operations: list[tuple[str, str, dict[str, Any] | None]],
                  focus: Any = None) -> Observed:
    """POST _api/$batch with one changeset per write and plain parts for reads (as office365 sends)."""
    lines: list[str] = []
    for method, path, body in operations:
        url = f"{env.web_url}/_api/{path}"
        part = ["Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                f"{method} {url} HTTP/1.1", "Accept: application/json;odata=verbose"]
        if method == "GET":
            lines += ["--batch_b", *part, "", ""]
            continue
        part += ["If-Match: *", "Content-Type: application/json;odata=verbose", "",
                 json.dumps(body) if body is not None else ""]
        lines += ["--batch_b", "Content-Type: multipart/mixed; boundary=changeset_c", "",
                  "--changeset_c", *part, "--changeset_c--", ""]
    lines.append("--batch_b--")
    response = env.call("POST", "$batch", "\r\n".join(lines).encode(),
                        {"Content-Type": "multipart/mixed; boundary=batch_b"})
    return Observed(response.status, dict(response.headers), response.body.decode("utf-8"),
                    focus=focus or batch_shape)


def parts(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """(boundary form, parts) of a multipart answer; each part: framing, status, headers, body."""
    text = raw.replace("\r\n", "\n")
    match = _BOUNDARY.search(text)
    assert match, "no batchresponse boundary"
    boundary = match.group(1)
    chunks = text.split(f"--{boundary}")
    assert chunks[-1].strip() == "--", "the answer must end with the closing boundary"
    result = []
    for chunk in chunks[1:-1]:
        framing, _, rest = chunk.strip("\n").partition("\n\n")
        head, _, body = rest.partition("\n\n")
        status, *headers = head.split("\n")
        result.append({"framing": framing.split("\n"), "status": status,
                       "headers": {h.split(":", 1)[0]: string_form(h.split(":", 1)[1].strip()) for h in headers},
                       "body": body.rstrip("\n")})
    return string_form(boundary), result


def batch_shape(raw: str, drop: tuple[str, ...] = ()) -> list[str]:
    """One comparable description of a multipart answer; JSON part bodies reduced to their shape
    (minus the `drop` keys of the entity, for expansions the fake does not offer)."""
    boundary, entries = parts(raw)
    lines = [f"boundary {boundary}"]
    for n, part in enumerate(entries):
        lines += [f"part {n} framing {part['framing']}", f"part {n} {part['status']}",
                  f"part {n} headers {part['headers']}"]
        if part["body"]:
            body = json.loads(part["body"])
            if "d" in body:
                body["d"] = {k: v for k, v in body["d"].items() if k not in drop}
            lines += [f"part {n} {line}" for line in shape(body)]
    return lines


def _deletes(env: Env, count: int, missing: int | None = None) -> Observed:
    lst = env.generic_list("BatchDeletes", count)
    if missing is not None:
        env.site.delete_item(lst, env.site.item(lst, missing))
    return batch_request(env, [("DELETE", f"web/lists/getbyid(guid'{lst.id}')/items({n})", None)
                               for n in range(1, count + 1)])


def batch_three_deletes(env: Env) -> Observed:
    return _deletes(env, 3)


def batch_50_deletes_one_404(env: Env) -> Observed:
    # items 101..150 in the recording, 125 already gone: the 24th part (index 24) is the 404
    observed = _deletes(env, 50, missing=25)
    return observed


def batch_getbytitle_and_getlist(env: Env) -> Observed:
    # the recording expands ContentTypes/FieldLinks (content types are not emulated): those keys are
    # dropped from both sides; everything else of the two SP.List entities and their ETAGs is compared
    env.site.create_list("siteassets", 101)
    for _ in range(3):
        env.site.update_list(env.documents, {})
    expand = "?$select=Id,ContentTypes&$expand=ContentTypes,ContentTypes/FieldLinks"
    return batch_request(env, [("GET", f"web/lists/getbytitle('Documents'){expand}", None),
                               ("GET", f"web/getlist('{env.site.path}/siteassets'){expand}", None)],
                         focus=lambda raw: batch_shape(raw, drop=("ContentTypes",)))


def batch_mixed_200_204(env: Env) -> Observed:
    # part 1 of the recording reads a site feature (features are not emulated): a web read stands in
    # for it, compared on framing, status and headers only; part 2 is a web MERGE (204, no ETAG, unlike
    # a list's), part 3 a web read (the recorded site had three UI languages, the fake one)
    def focus(raw: str) -> list[str]:
        return [line for line in batch_shape(raw)
                if not line.startswith("part 0 $") and "SupportedUILanguageIds.results" not in line]
    return batch_request(env, [("GET", "web?$select=Id", None),
                               ("MERGE", "web", {"__metadata": {"type": "SP.Web"}, "Description": "d"}),
                               ("GET", "web?$select=Id,SupportedUILanguageIds", None)], focus=focus)


BATCH_CASES = {
    "batch-three-deletes.verbose.raw.json": batch_three_deletes,
    "batch-50-deletes-one-404.verbose.raw.json": batch_50_deletes_one_404,
    "batch-getbytitle-and-getlist.verbose.raw.json": batch_getbytitle_and_getlist,
    "batch-mixed-200-204.verbose.raw.json": batch_mixed_200_204,
}
