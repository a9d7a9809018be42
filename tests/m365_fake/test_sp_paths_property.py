"""Property: any name SharePoint Online allows for a folder and a file (spaces, ', #, %, &, non-ASCII)
round-trips through upload and path addressing, percent-encoded as clients send it or not."""
from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .sp_helpers import call, d, make_site

#: characters SharePoint Online refuses in names (learn.microsoft.com "Invalid file names and file types")
_FORBIDDEN = set('"*:<>?/\\|') | {chr(c) for c in range(32)} | {"\x7f"}
NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(_FORBIDDEN)),
                min_size=1, max_size=24).map(str.strip).filter(lambda n: n and not n.startswith("~$")
                                                              and n not in (".", "..") and not n.endswith("."))


def _literal(path: str) -> str:
    """An OData string literal: ' doubled, then percent-encoded the way office365 builds the URL."""
    return quote(path.replace("'", "''"), safe="/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folder=NAMES, name=NAMES)
def test_awkward_names_round_trip_by_path(folder: str, name: str) -> None:
    """Upload into a folder with an arbitrary allowed name, then read the file back by path and by URL."""
    site, router = make_site()
    d(call(router, "POST", f"web/GetFolderByServerRelativePath(DecodedUrl='{_literal('/sites/KYILN/Shared Documents')}')"
                           f"/Folders/AddUsingPath(DecodedUrl='{_literal(folder)}')"))
    path = f"/sites/KYILN/Shared Documents/{folder}/{name}"
    d(call(router, "POST", f"web/GetFolderByServerRelativePath(DecodedUrl='{_literal(path.rsplit('/', 1)[0])}')"
                           f"/Files/AddUsingPath(DecodedUrl='{_literal(name)}',Overwrite=true)", body=b"content"))
    by_path = d(call(router, "GET", f"web/GetFileByServerRelativePath(DecodedUrl='{_literal(path)}')"))
    assert (by_path["Name"], by_path["ServerRelativeUrl"]) == (name, path)
    raw = call(router, "GET", f"web/GetFileByServerRelativeUrl('{_literal(path)}')/$value")
    assert raw.body == b"content"
