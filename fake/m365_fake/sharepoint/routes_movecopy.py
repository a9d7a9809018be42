"""`_api/SP.MoveCopyUtil.*`: the static move/copy operations Microsoft recommends for files and folders
(`CopyFile`, `CopyFileByPath`, `MoveFile`, `MoveFileByPath`, `CopyFolder`, `CopyFolderByPath`,
`MoveFolder`, `MoveFolderByPath`).

Requests as office365-rest-python-client sends them (office365/sharepoint/utilities/move_copy_util.py):
POST with `srcUrl`/`destUrl` (strings) or `srcPath`/`destPath` ({DecodedUrl}), absolute URLs, plus
`options` (SP.MoveCopyOptions: with `KeepBoth`, a name in use gives the copy a free name "<stem> 1.<ext>") and, for
`CopyFileByPath`, `overwrite`. **Inferred** (no recording): the void answers
(`{"d":{"<Name>":null}}`), the KeepBoth naming, a taken destination refused with the file-exists
error, and folder moves staying inside one list (moving a folder to another list is refused).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..http import Response
from . import errors, library
from .base import Call, Ctx, Node
from .models import Item, SPList
from .odata import Segment
from .routes_fileops import copy_file, move_file

OPERATIONS = {f"sp.movecopyutil.{name.lower()}": name for name in (
    "CopyFile", "CopyFileByPath", "MoveFile", "MoveFileByPath",
    "CopyFolder", "CopyFolderByPath", "MoveFolder", "MoveFolderByPath")}


def _path(value: Any) -> str:
    """A server-relative path from an absolute URL (string or SP.ResourcePath)."""
    text = str(value.get("DecodedUrl") if isinstance(value, dict) else value or "")
    return urlsplit(text).path if "://" in text else text


def _free_name(site: Any, url: str) -> str:
    """KeepBoth: "<stem> 1.<ext>", "<stem> 2.<ext>"... the first name not in use in the folder."""
    folder, _, name = url.rpartition("/")
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    taken = {i.name.lower() for lst in site.lists.values() for i in lst.items.values()
             if i.folder.lower() == folder.lower()}
    n = 1
    while f"{stem} {n}{dot}{ext}".lower() in taken:
        n += 1
    return f"{folder}/{stem} {n}{dot}{ext}"


def _taken(site: Any, url: str) -> bool:
    lst = site.list_for_path(url)
    return lst is not None and any(i.ref.lower() == url.lower() for i in lst.items.values())


def _folder_item(site: Any, url: str) -> tuple[SPList, Item]:
    lst = site.list_for_path(url)
    for item in (lst.items.values() if lst else []):
        if item.is_folder and item.ref.lower() == url.lower():
            return lst, item
    raise errors.folder_not_found(url)


def _copy_folder(site: Any, src: str, dest: str) -> None:
    lst, _ = _folder_item(site, src)
    library.ensure_folder(site, dest)
    for item in sorted(lst.items.values(), key=lambda i: i.id):
        if (item.folder.lower() + "/").startswith(src.lower() + "/"):
            target = dest + item.ref[len(src):]
            if item.is_folder:
                library.ensure_folder(site, target)
            elif item.file is not None:
                copy_file(site, lst, item, target, True)


def _move_folder(site: Any, src: str, dest: str) -> None:
    lst, folder = _folder_item(site, src)
    if site.list_for_path(dest) is not lst:
        raise errors.argument_error("A folder can be moved only within its list here (not emulated across lists).")
    parent, _, name = dest.rpartition("/")
    library.check_name(name)
    if not library.folder_exists(site, parent) or library.folder_exists(site, dest):
        raise errors.file_exists(dest) if library.folder_exists(site, dest) else errors.folder_not_found(parent)
    old = src.lower()
    for item in lst.items.values():
        if (item.folder.lower() + "/").startswith(old + "/"):
            item.folder = dest + item.folder[len(src):]
    lst.folders = {(dest + url[len(src):] if (url.lower() + "/").startswith(old + "/") else url): guid
                   for url, guid in lst.folders.items()}
    folder.folder, folder.name = library.canonical_folder(site, parent), name
    site.update_item(lst, folder, {}, new_version=False)


def run(ctx: Ctx, name: str) -> Response:
    """One MoveCopyUtil operation."""
    body = ctx.json()
    src = library.normalise(ctx.site, _path(body.get("srcPath") or body.get("srcUrl")))
    dest = library.normalise(ctx.site, _path(body.get("destPath") or body.get("destUrl")))
    options = body["options"] if isinstance(body.get("options"), dict) else {}
    if options.get("KeepBoth") and _taken(ctx.site, dest):   # keep both only when the name is in use
        dest = _free_name(ctx.site, dest)
    if "Folder" in name:
        (_copy_folder if name.startswith("Copy") else _move_folder)(ctx.site, src, dest)
    else:
        lst, item = library.find_file(ctx.site, src)
        if name.startswith("Copy"):
            copy_file(ctx.site, lst, item, dest, bool(body.get("overwrite")))
        else:
            move_file(ctx.site, lst, item, dest, False)
    return ctx.void(name)


def operation(ctx: Ctx, seg: Segment) -> Node:
    """The bound operation for `SP.MoveCopyUtil.<Name>()`."""
    name = OPERATIONS[seg.name.lower()]
    return Call(lambda c: run(c, name))


__all__ = ["OPERATIONS", "operation"]
