"""Document libraries in the store: folders at any depth, files with major versions, chunked uploads.

A file is a library item with `FileData`; a folder is a library item with `is_folder` plus an entry
in `SPList.folders`. Plain functions over a `Site`, called under its lock.
"""
from __future__ import annotations

from typing import Any

from . import errors
from .models import ADD, FileData, Item, SPList, new_guid

_BAD_NAME = set('"*:<>?/\\|')  # '#' and '%' are allowed in SharePoint Online names


def normalise(site: Any, url: str) -> str:
    """A server-relative URL without trailing slash; site-relative input is anchored on the site."""
    text = url.strip()
    if text.startswith("/") and not _inside(text, site.path):
        # a server-relative URL of another web (error-400-argument.verbose.json)
        raise errors.argument_error("Server relative urls must start with SPWeb.ServerRelativeUrl")
    url = "/" + text.strip("/") if text else site.path
    if not _inside(url, site.path):
        url = site.path + url
    return url.rstrip("/")


def _inside(url: str, web_path: str) -> bool:
    """Whether a server-relative URL lies in the web (SharePoint URLs are case-insensitive)."""
    url, root = url.lower().rstrip("/"), web_path.lower().rstrip("/")
    return not root or url == root or url.startswith(root + "/")


def check_name(name: str) -> None:
    if not name or name.strip() != name or any(c in _BAD_NAME for c in name) or name.startswith("~$"):
        raise errors.argument_error(f"The file or folder name '{name}' contains characters that are not permitted.")


def folder_exists(site: Any, url: str) -> bool:
    if url.lower() == site.path.lower():
        return True
    lst = site.list_for_path(url)
    return lst is not None and any(f.lower() == url.lower() for f in lst.folders)


def canonical_folder(site: Any, url: str) -> str:
    """The stored spelling of a folder URL (SharePoint URLs are case-insensitive)."""
    lst = site.list_for_path(url)
    if lst is not None:
        for known in lst.folders:
            if known.lower() == url.lower():
                return known
    return url


def ensure_folder(site: Any, url: str) -> tuple[SPList, str]:
    """Create the folder and any missing parents (inside one library); returns (library, folder URL)."""
    url = normalise(site, url)
    lst = site.list_for_path(url)
    if lst is None:   # folders exist in lists too (Folder content type 0x0120)
        raise errors.argument_error("Server relative urls must start with SPWeb.ServerRelativeUrl")
    current = lst.url
    for part in url[len(lst.url):].strip("/").split("/") if url != lst.url else []:
        check_name(part)
        child = canonical_folder(site, f"{current}/{part}")
        if not any(f.lower() == child.lower() for f in lst.folders):
            lst.folders[child] = new_guid()
            item = site.add_item(lst, {"Title": None}, folder=current, name=part)
            item.is_folder = True
            item.guid = lst.folders[child]
        current = child
    return lst, current


def find_file(site: Any, url: str) -> tuple[SPList, Item]:
    """The library and item of a file by server-relative URL; the recorded 404 otherwise."""
    url = normalise(site, url)
    lst = site.list_for_path(url)
    if lst is not None:
        for item in lst.items.values():
            if item.file is not None and item.ref.lower() == url.lower():
                return lst, item
    raise errors.file_not_found(url)


def find_file_by_id(site: Any, unique_id: str) -> tuple[SPList, Item]:
    wanted = unique_id.strip("{}").lower()
    for lst in site.lists.values():
        for item in lst.items.values():
            if item.file is not None and item.file.unique_id == wanted:
                return lst, item
    raise errors.SPError(404, "-2147024894, System.IO.FileNotFoundException", "File Not Found.")


def files_in(site: Any, folder: str) -> list[tuple[SPList, Item]]:
    lst = site.list_for_path(folder)
    if lst is None:
        return []
    return [(lst, i) for i in lst.items.values() if i.file is not None and i.folder.lower() == folder.lower()]


def folders_in(site: Any, folder: str) -> list[str]:
    if folder.lower() == site.path.lower():
        return [lst.url for lst in site.lists.values() if lst.is_library]
    lst = site.list_for_path(folder)
    if lst is None:
        return []
    prefix = folder.lower() + "/"
    return [f for f in lst.folders if f.lower().startswith(prefix) and "/" not in f[len(prefix):]]


def add_file(site: Any, folder: str, name: str, content: bytes, overwrite: bool) -> tuple[SPList, Item]:
    """Files/add: a new file, or with overwrite a new major version of the existing one."""
    check_name(name)
    folder = normalise(site, folder)
    if not folder_exists(site, folder):
        raise errors.folder_not_found(folder)
    folder = canonical_folder(site, folder)
    lst = site.list_for_path(folder)
    if lst is None or not lst.is_library:
        raise errors.argument_error("Server relative urls must start with SPWeb.ServerRelativeUrl")
    existing = next((i for _, i in files_in(site, folder) if i.name.lower() == name.lower()), None)
    if existing is not None:
        if not overwrite:
            raise errors.file_exists(existing.ref)
        replace_content(site, lst, existing, content)
        return lst, existing
    item = site.add_item(lst, {"Title": None}, folder=folder, name=name, log=False)
    item.file = FileData(content, created=site.now(), modified=site.now())
    site.log(ADD, lst, item)
    return lst, item


def replace_content(site: Any, lst: SPList, item: Item, content: bytes) -> None:
    """New content = a new major version (the old bytes stay in the version history)."""
    assert item.file is not None
    site.update_item(lst, item, {})
    item.file.content = content
    item.file.modified = item.modified
    item.file.content_version += 1


def rename_file(site: Any, lst: SPList, item: Item, name: str) -> None:
    """FileLeafRef written through the item: the file is renamed in place."""
    check_name(name)
    if any(i.name.lower() == name.lower() and i is not item for _, i in files_in(site, item.folder)):
        raise errors.file_exists(f"{item.folder}/{name}")
    item.name = name


def delete_file(site: Any, lst: SPList, item: Item) -> None:
    site.delete_item(lst, item)


# ---------------------------------------------------------------------------------- upload sessions
def start_upload(site: Any, lst: SPList, item: Item, upload_id: str, chunk: bytes) -> int:
    """StartUpload: a session keyed by uploadId, holding the bytes until FinishUpload."""
    site.upload_sessions[upload_id.lower()] = {"file": item.file.unique_id if item.file else "", "data": bytearray(chunk)}
    return len(chunk)


def continue_upload(site: Any, upload_id: str, offset: int, chunk: bytes) -> int:
    """ContinueUpload: the fileOffset must be where the previous fragment ended."""
    session = _session(site, upload_id)
    if offset != len(session["data"]):
        raise errors.argument_error(f"The file offset {offset} does not match the uploaded length "
                                    f"{len(session['data'])}.")
    session["data"].extend(chunk)
    return len(session["data"])


def finish_upload(site: Any, lst: SPList, item: Item, upload_id: str, offset: int, chunk: bytes) -> None:
    """FinishUpload: the assembled bytes become the file's content (a new version)."""
    continue_upload(site, upload_id, offset, chunk)
    data = bytes(site.upload_sessions.pop(upload_id.lower())["data"])
    replace_content(site, lst, item, data)


def _session(site: Any, upload_id: str) -> dict[str, Any]:
    session = site.upload_sessions.get(str(upload_id).lower())
    if session is None:
        raise errors.SPError(404, "-2147024894, System.IO.FileNotFoundException",
                             f"The upload session '{upload_id}' was not found.")
    return session


__all__ = ["add_file", "ensure_folder", "find_file", "find_file_by_id"]
