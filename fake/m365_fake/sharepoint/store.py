"""The fake site's state: lists, fields, items and a real change log, guarded by one lock.

`Site` is what the server holds; routes only call its methods while holding `site.lock`
(the server is threaded). Files, folders, attachments and pages live in `library.py`.
"""
from __future__ import annotations

import secrets
import threading
from datetime import datetime, timezone
from typing import Any, Callable

from . import errors
from .verbose import unique_id
from .views import default_view
from .models import (ADD, DELETE, DOCUMENT_LIBRARY, GENERIC_LIST, SITE_PAGES, UPDATE, Change, Field, FileVersion, Item,
                     SPList, encode_name, new_guid, token_string)

#: characters SharePoint strips when it derives a list URL from a title
_URL_UNSAFE = set('~"#%&*:<>?/\\{|}.')


def _builtin_fields(base_template: int) -> list[Field]:
    """The columns every new list has (list-items-full-default-fields.verbose.json field set)."""
    def f(name: str, title: str, kind: str, **kw: Any) -> Field:
        return Field(name, title, kind, builtin=True, group="_Hidden", **kw)
    fields = [f("ID", "ID", "Counter", indexed=True, read_only=True),
              f("Title", "Title", "Text", required=base_template == GENERIC_LIST),
              f("Modified", "Modified", "DateTime", read_only=True, indexed=True),
              f("Created", "Created", "DateTime", read_only=True, indexed=True),
              f("Author", "Created By", "User", read_only=True),
              f("Editor", "Modified By", "User", read_only=True),
              f("_UIVersionString", "Version", "Text", read_only=True),
              f("GUID", "GUID", "Guid", read_only=True),
              f("ContentTypeId", "Content Type ID", "Computed", read_only=True),
              f("FileLeafRef", "Name", "File", read_only=base_template == GENERIC_LIST, indexed=True),
              f("FileRef", "URL Path", "Lookup", read_only=True, indexed=True),
              f("FileDirRef", "Path", "Lookup", read_only=True),
              f("FSObjType", "Item Type", "Lookup", read_only=True),
              f("UniqueId", "Unique Id", "Lookup", read_only=True, hidden=True)]
    if base_template == GENERIC_LIST:
        fields.append(f("Attachments", "Attachments", "Attachments"))
        # the computed columns views show for the linked title (Field element (List): Type="Computed")
        fields += [f("LinkTitle", "Title", "Computed", read_only=True),
                   f("LinkTitleNoMenu", "Title", "Computed", read_only=True)]
    else:
        fields.append(f("File_x0020_Size", "File Size", "Lookup", read_only=True))
        fields += [f("DocIcon", "Type", "Computed", read_only=True),
                   f("LinkFilename", "Name", "Computed", read_only=True),
                   f("LinkFilenameNoMenu", "Name", "Computed", read_only=True)]
    if base_template == SITE_PAGES:
        fields.append(f("CanvasContent1", "Authoring Canvas Content", "Note"))
    return fields


class Site:
    """One SharePoint site collection with its root web (e.g. /sites/KYILN)."""

    def __init__(self, path: str = "/sites/KYILN", title: str = "KY Innovative Learning Network",
                 clock: Callable[[], datetime] | None = None) -> None:
        self.path = "/" + path.strip("/")
        self.title = title
        self.description = ""
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.lock = threading.RLock()
        self.web_id = new_guid()
        self.site_id = new_guid()
        self.users = {11: "SharePoint App", 12: "KDE Staff"}
        #: the server's base URL (scheme://host:port), refreshed from each request for absolute links
        self.base_url = "https://127.0.0.1"
        #: the tenant id named as realm in 401 challenges (set by the tenant)
        self.tenant_id = ""
        self.reset()

    # ------------------------------------------------------------------------------ lifecycle
    def reset(self) -> None:
        """Back to a new site: the Documents and Site Pages libraries, an empty change log, the grant
        given and the default threshold and page size."""
        with self.lock:
            #: the app's site grant (Sites.Selected); False makes every call a 403
            self.grant = True
            #: the list view threshold (5,000 in SharePoint Online); tests lower it
            self.threshold = 5000
            #: items per page when a query has no $top (SharePoint's default of 100)
            self.default_page_size = 100
            self.lists: dict[str, SPList] = {}
            self.changes: list[Change] = []
            self.change_number = 0
            #: changes numbered at or below this were dropped from the log (expired tokens)
            self.change_floor = 0
            self.digest = "0x" + secrets.token_hex(64).upper()
            self.upload_sessions: dict[str, dict[str, Any]] = {}
            #: the web's recycle bin (routes_recycle.py) and site-column catalog (routes_web_more.py)
            self.recycle_bin: list[dict[str, Any]] = []
            self.site_columns: SPList | None = None
            #: users beyond the two built in, added by EnsureUser (routes_users.py): id -> properties
            self.user_details: dict[int, dict[str, Any]] = {}
            self.users = {11: "SharePoint App", 12: "KDE Staff"}
            self.create_list("Documents", DOCUMENT_LIBRARY, url_name="Shared Documents")
            self.create_list("Site Pages", SITE_PAGES, url_name="SitePages")

    @property
    def web_url(self) -> str:
        """The absolute URL of the web, e.g. https://127.0.0.1:8443/sites/KYILN."""
        return self.base_url.rstrip("/") + self.path

    def now(self) -> datetime:
        return self.clock().astimezone(timezone.utc).replace(microsecond=0)

    # ------------------------------------------------------------------------------ change log
    def log(self, change_type: int, lst: SPList | None = None, item: Item | None = None,
            kind: str = "item") -> Change:
        """Append one change; every write goes through here, so GetChanges sees real history."""
        self.change_number += 1
        # SP.ChangeItem.UniqueId is the item's UniqueId (a document's is its file's), not its GUID field
        change = Change(self.change_number, self.now(), change_type, lst.id if lst else "",
                        item.id if item else 0, unique_id(item) if item else "", kind)
        self.changes.append(change)
        if lst is not None:
            lst.last_modified = change.time
        return change

    def expire_changes(self) -> None:
        """Forget the change log so far, as SharePoint does after its retention period: a change token
        older than now is then refused (see `errors.invalid_change_token`)."""
        with self.lock:
            self.change_floor = self.change_number
            self.changes.clear()

    def staff_edit(self, list_title: str, item_id: int, values: dict[str, Any]) -> str:
        """Change an item as a member of staff would in the browser (Editor "KDE Staff"); returns the
        item's new ETag. For tests and demos of a staff edit between a read and a write."""
        with self.lock:
            lst = self.list_by_title(list_title)
            item = self.item(lst, item_id)
            self.update_item(lst, item, dict(values), editor_id=12)
            return f'"{item.version}"'

    def upload(self, server_relative_url: str, content: bytes) -> Item:
        """Put a file (missing folders created, an existing file gets a new version), as a person
        uploading in the browser would; for seeding demos and tests."""
        from . import library
        with self.lock:
            folder, _, name = server_relative_url.rstrip("/").rpartition("/")
            library.ensure_folder(self, folder)
            return library.add_file(self, folder, name, content, overwrite=True)[1]

    def attach(self, list_title: str, item_id: int, name: str, content: bytes) -> None:
        """Attach a file to a list item, as a form feeding the list would; for seeding demos and tests."""
        with self.lock:
            lst = self.list_by_title(list_title)
            item = self.item(lst, item_id)
            item.attachments[name] = content
            self.update_item(lst, item, {})

    def list_token(self, lst: SPList) -> str:
        """The list's CurrentChangeToken string (scope 3)."""
        return token_string(3, lst.id, self.now(), self.change_number)

    def web_token(self) -> str:
        """The web's CurrentChangeToken string (scope 2)."""
        return token_string(2, self.web_id, self.now(), self.change_number)

    # ------------------------------------------------------------------------------ lists
    def create_list(self, title: str, base_template: int = GENERIC_LIST, description: str = "",
                    url_name: str | None = None) -> SPList:
        """A new list; a title already in use is SharePoint's 500 (error-500-list-already-exists)."""
        if not title.strip():
            raise errors.argument_error("The list title must not be empty.")
        if any(lst.title.lower() == title.lower() for lst in self.lists.values()):
            raise errors.list_exists()
        name = url_name or "".join(c for c in title if c not in _URL_UNSAFE).strip() or "List"
        prefix = "" if base_template in (DOCUMENT_LIBRARY, SITE_PAGES) else "Lists/"
        url = f"{self.path}/{prefix}{name}"
        lst = SPList(title=title, url=url, base_template=base_template, description=description,
                     created=self.now(), fields=_builtin_fields(base_template))
        lst.folders[url] = new_guid()
        lst.views.append(default_view(lst))
        self.lists[lst.id] = lst
        self.log(ADD, lst, kind="list")
        return lst

    def list_by_title(self, title: str) -> SPList:
        for lst in self.lists.values():
            if lst.title.lower() == title.lower():
                return lst
        raise errors.list_not_found(title, self.web_url)

    def list_by_id(self, list_id: str) -> SPList:
        lst = self.lists.get(str(list_id).strip("{}").lower())
        if lst is None:
            raise errors.list_id_not_found()
        return lst

    def list_by_url(self, url: str) -> SPList:
        """getList('/sites/KYILN/Lists/X'): matched by root folder URL (case-insensitive)."""
        wanted = url.rstrip("/").lower()
        for lst in self.lists.values():
            if lst.url.lower() == wanted:
                return lst
        raise errors.SPError(404, "-2147024894, System.IO.FileNotFoundException", "File Not Found.")

    def list_for_path(self, server_relative_url: str) -> SPList | None:
        """The list whose root folder contains this URL (longest match)."""
        url = server_relative_url.rstrip("/").lower()
        best = None
        for lst in self.lists.values():
            root = lst.url.lower()
            if (url == root or url.startswith(root + "/")) and (best is None or len(root) > len(best.url)):
                best = lst
        return best

    def update_list(self, lst: SPList, values: dict[str, Any]) -> None:
        """MERGE on a list: Title/Description/versioning; bumps the list version (list-update-204)."""
        if "Title" in values and str(values["Title"]).lower() != lst.title.lower():
            if any(o.title.lower() == str(values["Title"]).lower() for o in self.lists.values()):
                raise errors.list_exists()
            lst.title = str(values["Title"])
        lst.description = str(values.get("Description", lst.description) or "")
        lst.enable_versioning = bool(values.get("EnableVersioning", lst.enable_versioning))
        lst.version += 1
        self.log(UPDATE, lst, kind="list")

    # ------------------------------------------------------------------------------ fields
    def add_field(self, lst: SPList, title: str, kind: str, internal_name: str | None = None,
                  **options: Any) -> Field:
        """A new column; the internal name is the encoded title (field-add-createfieldasxml.verbose.json:
        "ADDED FIELD" -> ADDED_x0020_FIELD), made unique like SharePoint does."""
        base = internal_name or encode_name(title)[:32]
        name, n = base, 0
        while (taken := lst.field(name)) is not None and taken.internal_name.lower() == name.lower():
            n += 1
            name = f"{base}{n}"
        fld = Field(name, title, kind, **options)
        if fld.enforce_unique and not fld.indexed:
            fld.indexed = True
        lst.fields.append(fld)
        lst.version += 1
        self.log(UPDATE, lst, kind="list")
        return fld

    def update_field(self, lst: SPList, fld: Field, values: dict[str, Any]) -> None:
        """MERGE on a field: Title, Indexed, EnforceUniqueValues, Required, Hidden, Description, Choices."""
        if "EnforceUniqueValues" in values and values["EnforceUniqueValues"]:
            if not (values.get("Indexed", fld.indexed)):
                raise errors.argument_error("The field must be indexed to enforce unique values.")
            self._check_unique_existing(lst, fld)
        fld.title = str(values.get("Title", fld.title))
        fld.indexed = bool(values.get("Indexed", fld.indexed))
        fld.enforce_unique = bool(values.get("EnforceUniqueValues", fld.enforce_unique))
        fld.required = bool(values.get("Required", fld.required))
        fld.hidden = bool(values.get("Hidden", fld.hidden))
        fld.description = str(values.get("Description", fld.description) or "")
        choices = values.get("Choices")
        if isinstance(choices, dict):
            fld.choices = list(choices.get("results", []))
        lst.version += 1
        self.log(UPDATE, lst, kind="list")

    def _check_unique_existing(self, lst: SPList, fld: Field) -> None:
        seen: set[str] = set()
        for item in lst.items.values():
            value = item.values.get(fld.internal_name)
            if value in (None, ""):
                continue
            key = str(value).lower()
            if key in seen:
                raise errors.duplicate_values([fld.title])
            seen.add(key)

    # ------------------------------------------------------------------------------ items
    def add_item(self, lst: SPList, values: dict[str, Any], *, folder: str = "", name: str = "",
                 editor_id: int = 11, log: bool = True) -> Item:
        """A new item with validated values; duplicates in unique columns are refused."""
        self._check_unique(lst, values, None)
        now = self.now()
        item = Item(lst.next_id, {}, now, now, author_id=editor_id, editor_id=editor_id,
                    folder=folder or lst.url, name=name)
        item.values.update({f.internal_name: f.default for f in lst.fields
                            if f.default is not None and not f.builtin and f.internal_name not in values})
        item.values.update(values)
        lst.next_id += 1
        lst.items[item.id] = item
        if log:
            self.log(ADD, lst, item)
        return item

    def update_item(self, lst: SPList, item: Item, values: dict[str, Any], *, editor_id: int = 11,
                    new_version: bool = True) -> None:
        """Change values, bump the ETag (and, unless told otherwise, the major version, keeping the
        file's previous content in its history) and log an Update."""
        self._check_unique(lst, values, item)
        if new_version and lst.enable_versioning:
            item.value_history.append({"label": f"{item.ui_version}.0", "values": dict(item.values),
                                       "modified": item.modified, "editor": item.editor_id})
            if item.file is not None:
                item.file.history.append(FileVersion(f"{item.ui_version}.0", item.file.content, item.modified))
            item.ui_version += 1
        item.values.update(values)
        item.version += 1
        item.modified = self.now()
        item.editor_id = editor_id
        self.log(UPDATE, lst, item)

    def delete_item(self, lst: SPList, item: Item) -> None:
        """Remove an item (and, in a library, its file or folder contents) and log DeleteObject."""
        lst.items.pop(item.id, None)
        if item.is_folder:
            prefix = item.ref.lower() + "/"
            lst.folders.pop(item.ref, None)
            for other in [i for i in lst.items.values() if i.folder.lower().startswith(prefix[:-1])]:
                if (other.folder.lower() + "/").startswith(prefix):
                    lst.items.pop(other.id, None)
                    self.log(DELETE, lst, other)
        self.log(DELETE, lst, item)

    def item(self, lst: SPList, item_id: int) -> Item:
        found = lst.items.get(int(item_id))
        if found is None:
            raise errors.item_not_found()
        return found

    def _check_unique(self, lst: SPList, values: dict[str, Any], current: Item | None) -> None:
        for fld in lst.fields:
            if not fld.enforce_unique or fld.internal_name not in values:
                continue
            value = values[fld.internal_name]
            if value in (None, ""):
                continue
            for other in lst.items.values():
                if other is not current and str(other.values.get(fld.internal_name, "")).lower() == str(value).lower():
                    raise errors.duplicate_values([fld.title])

    # ------------------------------------------------------------------------------ snapshot
    def snapshot(self) -> dict[str, Any]:
        """Everything a person or test wants to see: lists with fields and items, library files with
        their columns, pages with canvas content (JSON-serialisable)."""
        from .snapshot import site_snapshot
        with self.lock:
            return site_snapshot(self)
