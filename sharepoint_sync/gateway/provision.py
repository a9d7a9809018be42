"""Provisioning and content upload for `SharePointGateway`: create what is missing, never drop anything.

Every create is preceded by a lookup (retry.create_if_absent), so a create whose answer was lost is
found on the next look rather than made twice.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharepoint_sync.errors import RemoteError
from sharepoint_sync.gateway import odata
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.ports import FieldInfo, FieldSpec, ListInfo, ListSpec, ListTemplate, ViewSpec
from sharepoint_sync.log import get_logger
from sharepoint_sync.retry import create_if_absent

log = get_logger("sharepoint_sync.gateway")

if TYPE_CHECKING:
    from sharepoint_sync.gateway.client import SharePointClient

#: SP.ListTemplateType: 100 generic list, 101 document library
_TEMPLATES = {"list": 100, "library": 101}


class ProvisioningMixin:
    """get_list/create_list/add_field/set_field_indexed/create_view, upload and attachments."""

    client: "SharePointClient"

    # provided by SharePointGateway: fields(title) -> list[dict], forget(title) -> None
    fields: Any
    forget: Any

    def _get_or_none(self, path: str, params: dict[str, Any], what: str) -> dict[str, Any] | None:
        try:
            return self.client.get_json(path, odata.query(params), what=what)
        except RemoteError as error:
            if odata.is_absent(error):
                return None
            raise

    def get_list(self, title: str) -> ListInfo | None:
        """The list with its fields and view titles, or None when there is no such list."""
        entity = self._get_or_none(list_path(title), {"$select": "Id,Title,BaseTemplate,EnableAttachments"},
                                   "read list")
        if entity is None:
            return None
        fields = {f["InternalName"]: FieldInfo(f["InternalName"], f.get("TypeAsString") or "",
                                               bool(f.get("Indexed")), bool(f.get("EnforceUniqueValues")))
                  for f in self.fields(title)}
        views = tuple(v.get("Title") or "" for v in self.client.pages(
            f"{list_path(title)}/views", odata.query({"$select": "Title"}), what="read views"))
        # 119 (Site Pages) is a document library too (SP.ListTemplateType "WebPageLibrary")
        template: ListTemplate = "library" if int(entity.get("BaseTemplate") or 100) in (101, 119) else "list"
        return ListInfo(entity.get("Title") or title, template, fields, views,
                        bool(entity.get("EnableAttachments")))

    def create_list(self, spec: ListSpec) -> None:
        """Create the list or library (its fields and views are added separately)."""
        body = {"__metadata": {"type": "SP.List"}, "BaseTemplate": _TEMPLATES[spec.template], "Title": spec.title,
                "Description": spec.description, "AllowContentTypes": True}
        create_if_absent(
            self.client.retrier,
            lambda: self._get_or_none(list_path(spec.title), {"$select": "Id"}, "find list"),
            lambda: self.client.send("POST", self.client.url("web/lists"), body=body),
            what=f"create list {spec.title}")
        self.forget(spec.title)

    def add_field(self, list_title: str, spec: FieldSpec) -> None:
        """Add a column whose internal name is exactly `spec.internal_name` (CreateFieldAsXml, Options=8:
        SP.AddFieldOptions.AddFieldInternalNameHint, so `Name` becomes the internal name)."""
        xml = odata.field_schema_xml(spec.internal_name, spec.display_name, spec.kind, spec.choices,
                                     spec.indexed, spec.unique, spec.description)
        body = {"parameters": {"__metadata": {"type": "SP.XmlSchemaFieldCreationInformation"},
                               "SchemaXml": xml, "Options": 8}}
        field_path = f"{list_path(list_title)}/fields/GetByInternalNameOrTitle({odata.path_literal(spec.internal_name)})"
        create_if_absent(
            self.client.retrier,
            lambda: self._get_or_none(field_path, {"$select": "InternalName"}, "find field"),
            lambda: self.client.send("POST", self.client.url(f"{list_path(list_title)}/fields/CreateFieldAsXml"),
                                     body=body),
            what=f"add field {spec.internal_name} to {list_title}")
        self.forget(list_title)

    def set_field_indexed(self, list_title: str, internal_name: str, *, unique: bool) -> None:
        """Index an existing column; `unique` also enforces unique values (MERGE, repeatable)."""
        path = f"{list_path(list_title)}/fields/GetByInternalNameOrTitle({odata.path_literal(internal_name)})"
        body = {"__metadata": {"type": "SP.Field"}, "Indexed": True, "EnforceUniqueValues": bool(unique)}
        self.client.merge(path, body, etag="*", what=f"index field {internal_name}")
        self.forget(list_title)

    def create_view(self, list_title: str, spec: ViewSpec) -> None:
        """Add a view with a CAML filter of ANDed Eq conditions, then show each of its columns that the
        view does not show yet (so a view whose create answer was lost, or that staff trimmed, gets
        exactly the missing columns and a repeat adds nothing)."""
        views = f"{list_path(list_title)}/views"
        view_path = f"{views}/GetByTitle({odata.path_literal(spec.title)})"
        # POST …/views with an SP.View body ("Lists and list items REST API reference", ViewCollection
        # resource, learn.microsoft.com/previous-versions/office/developer/sharepoint-rest-reference/dn531433)
        body = {"__metadata": {"type": "SP.View"}, "Title": spec.title, "PersonalView": False, "RowLimit": 100,
                "ViewQuery": odata.view_query_xml(spec.where_equals)}
        create_if_absent(
            self.client.retrier,
            lambda: self._get_or_none(view_path, {"$select": "Title"}, "find view"),
            lambda: self.client.send("POST", self.client.url(views), body=body),
            what=f"create view {spec.title}")
        self.add_view_fields(list_title, spec.title, spec.columns)

    def view_fields(self, list_title: str, view_title: str) -> list[str]:
        """The internal names a view shows, in order (SP.ViewFieldCollection.Items)."""
        path = f"{list_path(list_title)}/views/GetByTitle({odata.path_literal(view_title)})/ViewFields"
        data = self.client.get_json(path, what="read view fields")
        items = data.get("Items") or {}
        return [str(name) for name in (items.get("results", []) if isinstance(items, dict) else items)]

    def add_view_fields(self, list_title: str, view_title: str, columns: tuple[str, ...]) -> list[str]:
        """Show each of `columns` the view does not show yet, in the given order; returns those added.

        ViewFields/AddViewField('name') (SP.ViewFieldCollection.add, learn.microsoft.com
        previous-versions/office/sharepoint-visio/jj246043) appends one column. A refused column (e.g. a
        name that is no field of the list: System.ArgumentException) is logged and skipped: the view
        exists and filters, a missing column is cosmetic and staff can add it."""
        shown = {name.casefold() for name in self.view_fields(list_title, view_title)}
        path = f"{list_path(list_title)}/views/GetByTitle({odata.path_literal(view_title)})/ViewFields"
        added = []
        for column in columns:
            if column.casefold() in shown:
                continue
            try:
                # Repeatable: adding a column already shown leaves the view as it is.
                self.client.post_json(f"{path}/AddViewField({odata.path_literal(column)})",
                                      what="add view field", idempotent=True)
            except RemoteError as error:
                log.warning("sp.view.field_not_added", view=view_title, column=column, status=error.status)
                continue
            shown.add(column.casefold())
            added.append(column)
        return added

    # -- content (demo, tests) ----------------------------------------------------------------------

    def upload_file(self, library_title: str, name: str, data: bytes, folder: str = "") -> str:
        """Upload (overwrite) a file into the library, optionally under `folder` ("a/b"); returns its
        server-relative URL. Overwrite makes the POST repeatable."""
        root = self.client.get_json(f"{list_path(library_title)}/RootFolder",
                                    odata.query({"$select": "ServerRelativeUrl"}), what="read library root")
        target = root["ServerRelativeUrl"].rstrip("/")
        for part in [p for p in folder.strip("/").split("/") if p]:
            target = f"{target}/{part}"
            self._ensure_folder(target)
        path = (f"web/GetFolderByServerRelativePath(decodedurl={odata.path_literal(target)})"
                f"/Files/add(url={odata.path_literal(name)},overwrite=true)")
        result = self.client.post_json(path, data, what="upload file", idempotent=True)
        return str(result.get("ServerRelativeUrl") or f"{target}/{name}")

    def _ensure_folder(self, server_relative_url: str) -> None:
        folder = f"web/GetFolderByServerRelativePath(decodedurl={odata.path_literal(server_relative_url)})"
        create_if_absent(
            self.client.retrier,
            lambda: self._get_or_none(folder, {"$select": "ServerRelativeUrl"}, "find folder"),
            lambda: self.client.send("POST", self.client.url("web/folders"),
                                     body={"__metadata": {"type": "SP.Folder"}, "ServerRelativeUrl": server_relative_url}),
            what="create folder")

    def add_attachment(self, list_title: str, item_id: int, name: str, data: bytes) -> None:
        """Attach a file to a list item unless an attachment with that name is already there."""
        item = f"{list_path(list_title)}/items({int(item_id)})/AttachmentFiles"

        def lookup() -> bool | None:
            names = {a.get("FileName") for a in self.client.pages(item, what="read attachments")}
            return True if name in names else None

        create_if_absent(self.client.retrier, lookup,
                         lambda: self.client.send("POST", self.client.url(f"{item}/add(FileName={odata.path_literal(name)})"),
                                                  body=data),
                         what="add attachment")
