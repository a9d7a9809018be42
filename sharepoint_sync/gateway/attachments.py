"""A list's attachments as files, for their content fingerprints (issue 14, lost state file).

SharePoint's SP.Attachment gives only FileName and ServerRelativeUrl (attachment-add.verbose.json,
item-attachmentfiles-expanded.verbose.json): nothing that changes with the bytes. The attachments are
kept as SP.File objects in the list's folder `Attachments/<item id>/` (the ServerRelativeUrl above names
it), so one GET of that folder's subfolders with their files gives every attachment's `ContentTag`,
`Length` and `TimeLastModified`; it rides in the run's read `$batch`. *Inferred*, not recorded: that an
attachment's SP.File carries these properties as a library file's does (folder-files-filter.verbose.json),
that its ContentTag GUID and content counter move when its bytes are replaced (`PUT …/$value`) or it is
deleted and added again, and that a column write on the item leaves them and TimeLastModified as they
are. Any of them differing makes the attachment's tag differ, so the letter is downloaded: a wrong
inference costs downloads, never a verdict on bytes not read.
"""
from __future__ import annotations

from typing import Any, Iterable

from sharepoint_sync.gateway import odata
from sharepoint_sync.gateway.odata import list_path

#: one SP.Folder per item with attachments (named by the item id), its files expanded; FolderCollection
#: GetByUrl (learn.microsoft.com, "Files and folders REST API reference")
_SELECT = "Name,Files/Name,Files/ContentTag,Files/Length,Files/TimeLastModified"


def attachments_request(list_title: str) -> tuple[str, str]:
    """(path, query) of the listing of a list's attachment folders with their files."""
    path = f"{list_path(list_title)}/RootFolder/Folders/GetByUrl('Attachments')/Folders"
    return path, odata.query({"$select": _SELECT, "$expand": "Files"})


def attachment_tags_from(folders: Iterable[dict[str, Any]]) -> dict[int, dict[str, str]]:
    """Item id -> attachment name -> its tag (`attachment_tag`), from the folder listing."""
    out: dict[int, dict[str, str]] = {}
    for folder in folders:
        name = str(folder.get("Name") or "")
        if not name.isdigit():
            continue
        files = (folder.get("Files") or {}).get("results") or []
        out[int(name)] = {str(f.get("Name") or ""): attachment_tag(f) for f in files if f.get("Name")}
    return out


def attachment_tag(file: dict[str, Any]) -> str:
    """One attachment's content fingerprint: its ContentTag without the middle (ETag) counter, as a
    library file's (`gateway.site.content_tag`), its Length and TimeLastModified; "" without a ContentTag."""
    parts = str(file.get("ContentTag") or "").split(",")
    if len(parts) != 3 or not parts[0]:
        return ""
    return f"{parts[0].lower()},{parts[2]},{file.get('Length') or ''},{file.get('TimeLastModified') or ''}"
