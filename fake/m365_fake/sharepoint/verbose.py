"""Entity shapes in `odata=verbose` JSON (__metadata, __deferred, results, __next), and the
`nometadata` transform. Every shape is copied from a file in tests/fixtures/sharepoint-responses/.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

from .models import Field, Item, SPList, iso

#: the fake site's time zone (RegionalSettings/TimeZone Id 10, Eastern Time), as an IANA name
SITE_TIME_ZONE = "America/New_York"
try:   # the site's zone, Kentucky's Eastern Time (DST rules from the system's tz database)
    from zoneinfo import ZoneInfo
    _EASTERN: Any = ZoneInfo(SITE_TIME_ZONE)
except Exception:  # pragma: no cover - no tz database: standard time all year
    from datetime import timedelta, timezone
    _EASTERN = timezone(timedelta(hours=-5))

#: item navigation properties, in the recorded order (list-items-page-with-next.verbose.json)
ITEM_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "AttachmentFiles", "ContentType",
            "GetDlpPolicyTip", "FieldValuesAsHtml", "FieldValuesAsText", "FieldValuesForEdit", "File", "Folder",
            "LikedByInformation", "ParentList", "Properties", "Versions")
FILE_NAV = ("Author", "CheckedOutByUser", "EffectiveInformationRightsManagementSettings",
            "InformationRightsManagementSettings", "ListItemAllFields", "LockedByUser", "ModifiedBy",
            "Properties", "VersionEvents", "Versions")
FOLDER_NAV = ("Files", "ListItemAllFields", "ParentFolder", "Properties", "StorageMetrics", "Folders")


def api(site: Any) -> str:
    """The absolute `_api` root of the site, e.g. https://127.0.0.1:8443/sites/KYILN/_api."""
    return f"{site.web_url}/_api"


def meta(uri: str, type_name: str, id_: str | None = None, etag: str | None = None) -> dict[str, Any]:
    data = {"id": id_ or uri, "uri": uri}
    if etag is not None:
        data["etag"] = etag
    data["type"] = type_name
    return data


def deferred(uri: str) -> dict[str, Any]:
    return {"__deferred": {"uri": uri}}


def resource_path(url: str) -> dict[str, Any]:
    """SP.ResourcePath (attachment-add.verbose.json: {__metadata:{type}, DecodedUrl})."""
    return {"__metadata": {"type": "SP.ResourcePath"}, "DecodedUrl": url}


def string_collection(values: list[Any], type_name: str = "Collection(Edm.String)") -> dict[str, Any]:
    """A verbose primitive collection (contextinfo.verbose.fixture.json: SupportedSchemaVersions)."""
    return {"__metadata": {"type": type_name}, "results": list(values)}


def list_uri(site: Any, lst: SPList) -> str:
    """`…/_api/Web/Lists(guid'<id>')` (list-create.verbose.json LOCATION and __metadata)."""
    return f"{api(site)}/Web/Lists(guid'{lst.id}')"


def change_token(value: str) -> dict[str, Any]:
    return {"__metadata": {"type": "SP.ChangeToken"}, "StringValue": value}


def select_keys(entity: dict[str, Any], select: list[str], always: tuple[str, ...] = ()) -> dict[str, Any]:
    """Keep __metadata, the selected properties (first path part) and `always`, in entity order."""
    if not select or "*" in select:
        return entity
    wanted = {s.split("/")[0].lower() for s in select} | {a.lower() for a in always} | {"__metadata"}
    return {k: v for k, v in entity.items() if k.lower() in wanted}


# ------------------------------------------------------------------------------------------ items
def field_json(fld: Field, value: Any) -> Any:
    """One stored value as SharePoint renders it for its column type."""
    if value is None:
        return None
    if fld.kind == "DateTime":
        return iso(value) if isinstance(value, datetime) else value
    if fld.kind == "MultiChoice":
        return string_collection(value if isinstance(value, list) else [value])
    if fld.kind == "URL" and isinstance(value, dict):
        return {"__metadata": {"type": "SP.FieldUrlValue"}, "Description": value.get("Description"),
                "Url": value.get("Url")}
    return value


def content_type_id(lst: SPList, item: Item) -> str:
    """The item's content type id: the parent type (0x0100 item, 0x0101 document, 0x0120 folder) then
    the list's own 32-hex-digit suffix, as SharePoint derives list content types
    (list-items-page-with-next.verbose.json "0x0100F9D4…", file-with-listitemallfields-expanded "0x010100…")."""
    suffix = lst.id.replace("-", "").upper()
    if item.is_folder:
        return f"0x012000{suffix}"
    return f"0x010100{suffix}" if lst.is_library else f"0x0100{suffix}"


def item_scalars(site: Any, lst: SPList, item: Item, local_dates: bool = False) -> dict[str, Any]:
    """The default scalar set in the recorded order: a list item's per
    list-items-full-default-fields.verbose.json, a library item's per
    file-with-listitemallfields-expanded.verbose.json (Title after Modified, ID after Title, no
    Attachments). `local_dates`: the site's local time without Z, as the recording shows for a
    file's expanded ListItemAllFields."""
    when = (lambda dt: site_local(site, dt)) if local_dates else iso
    if lst.is_library:
        embed = (f"{site.web_url}/_layouts/15/Doc.aspx?sourcedoc={{{item.file.unique_id}}}&action=interactivepreview"
                 if item.file is not None and item.name.lower().endswith((".docx", ".xlsx", ".pptx")) else None)
        data: dict[str, Any] = {
            "FileSystemObjectType": 1 if item.is_folder else 0, "Id": item.id, "ServerRedirectedEmbedUri": embed,
            "ServerRedirectedEmbedUrl": embed or "", "ContentTypeId": content_type_id(lst, item),
            "Modified": when(item.modified), "ComplianceAssetId": None, "Title": item.values.get("Title"),
            "OData__ExtendedDescription": None, "ID": item.id, "Created": when(item.created),
            "AuthorId": item.author_id, "EditorId": item.editor_id, "OData__CopySource": None,
            "CheckoutUserId": None, "OData__UIVersionString": f"{item.ui_version}.0", "GUID": item.guid}
    else:
        data = {
            "FileSystemObjectType": 1 if item.is_folder else 0, "Id": item.id, "ServerRedirectedEmbedUri": None,
            "ServerRedirectedEmbedUrl": "",
            "ID": item.id, "ContentTypeId": content_type_id(lst, item), "Title": item.values.get("Title"),
            "Modified": when(item.modified), "Created": when(item.created), "AuthorId": item.author_id,
            "EditorId": item.editor_id, "OData__UIVersionString": f"{item.ui_version}.0",
            "Attachments": bool(item.attachments), "GUID": item.guid, "ComplianceAssetId": None}
    for fld in lst.fields:
        if not fld.builtin:
            data[fld.entity_name] = field_json(fld, item.values.get(fld.internal_name, fld.default))
    if lst.base_template == 119 and item.page is not None:
        data["CanvasContent1"] = item.page.get("CanvasContent1")
    return data


def site_local(site: Any, when: datetime) -> str:
    """A date in the site's time zone without Z (file-with-listitemallfields-expanded.verbose.json: the
    Pacific site's item shows 01:14:13 for a file created 08:14 UTC). The fake site is in Eastern Time."""
    return when.astimezone(_EASTERN).strftime("%Y-%m-%dT%H:%M:%S")


def item_extras(site: Any, lst: SPList, item: Item) -> dict[str, Any]:
    """Properties SharePoint returns only when selected (FileLeafRef, FileRef, File_x0020_Size...)."""
    return {"FileLeafRef": item.name or f"{item.id}_.000", "FileRef": item.ref, "FileDirRef": item.folder,
            "FSObjType": 1 if item.is_folder else 0,
            "File_x0020_Size": str(len(item.file.content)) if item.file else None,
            "OData__UIVersionString": f"{item.ui_version}.0", "UniqueId": unique_id(item)}


def unique_id(item: Item) -> str:
    """The item's UniqueId: the file's UniqueId for a document, else a GUID of its own (not `GUID`)."""
    if item.file is not None:
        return item.file.unique_id
    return str(uuid.uuid5(uuid.NAMESPACE_URL, item.guid))


def user_entity(site: Any, user_id: int) -> dict[str, Any]:
    uri = f"{api(site)}/Web/SiteUserInfoList/Items({user_id})"
    return {"__metadata": meta(uri, "SP.Data.UserInfoItem", id_=f"{user_id}"), "Id": user_id,
            "Title": site.users.get(user_id, "User"), "EMail": ""}


def item_entity(site: Any, lst: SPList, item: Item, select: list[str] | None = None,
                expand: dict[str, Any] | None = None, uri: str | None = None,
                local_dates: bool = False) -> dict[str, Any]:
    """SP.Data.<X>ListItem: __metadata (id = bare GUID, etag "\"n\""), 14 __deferred, the scalars
    (list-items-page-with-next.verbose.json); `expand` maps a navigation name to its expanded JSON."""
    uri = uri or f"{list_uri(site, lst)}/Items({item.id})"
    data: dict[str, Any] = {"__metadata": meta(uri, lst.item_type, id_=item.guid, etag=f'"{item.version}"')}
    expand = expand or {}
    for name in ITEM_NAV:
        data[name] = expand[name] if name in expand else deferred(f"{uri}/{name}")
    # expanded navigation properties precede the scalars (item-attachmentfiles-expanded.verbose.json)
    for person in [k for k in expand if k not in ITEM_NAV]:   # Author, Editor, person columns
        data[person] = expand[person]
    data.update(item_scalars(site, lst, item, local_dates))
    if not select or "*" in select:
        return data
    return _selected(lst, data, item_extras(site, lst, item), select)


def _selected(lst: SPList, data: dict[str, Any], extras: dict[str, Any], select: list[str]) -> dict[str, Any]:
    """The selected properties plus Id and ID, in the entity's own order, whatever the $select order
    (file-listitemallfields: $select=Title,Id gives Id, Title, ID on a library item;
    list-items-select-via-expand gives Id, ID, Title on a list item)."""
    wanted = {"id"}
    names = {k.lower() for k in (*data, *extras)}
    for name in select:
        head = name.split("/")[0].lower()
        fld = lst.field(head) if head not in names else None   # a column by title or internal name
        wanted.add(fld.entity_name.lower() if fld else head)
    result = {"__metadata": data["__metadata"]}
    result.update({k: v for k, v in data.items() if k.lower() in wanted})
    result.update({k: v for k, v in extras.items() if k.lower() in wanted and k not in result})
    return result


def item_etag_header(lst: SPList, item: Item) -> str:
    """The ETag *header*: "\"n\"" for list items; "\"<file-guid>,n\"" for library items
    (file-listitemallfields.verbose.json)."""
    if item.file is not None:
        return f'"{item.file.unique_id},{item.version}"'
    return f'"{item.version}"'


def collection(results: list[Any], next_url: str | None = None) -> dict[str, Any]:
    """{"d":{"results":[...]}} with `__next` last when there is a next page (collection-empty,
    list-items-page-with-next)."""
    body: dict[str, Any] = {"results": results}
    if next_url:
        body["__next"] = next_url
    return {"d": body}


def quote_path(path: str) -> str:
    """Percent-encode a path for a `uri` (folder-get.verbose.json: spaces become %20)."""
    return quote(path, safe="/'()=,:@!$*")


# -------------------------------------------------------------------------------------- nometadata
def to_nometadata(payload: Any) -> Any:
    """The `odata=nometadata` form: no __metadata/__deferred, `value` arrays, `odata.nextLink` first
    (list-items-page-with-nextlink.nometadata.json)."""
    if isinstance(payload, dict) and "d" in payload and len(payload) == 1:
        inner = payload["d"]
        if isinstance(inner, dict) and "results" in inner and "__metadata" not in inner:
            out: dict[str, Any] = {}
            if inner.get("__next"):
                out["odata.nextLink"] = inner["__next"]
            out["value"] = [_strip(x) for x in inner["results"]]
            return out
        return _strip(inner)
    return payload


def _strip(value: Any) -> Any:
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"__deferred"}:
        return None
    if "results" in value and set(value) <= {"results", "__metadata", "__next"}:
        return [_strip(v) for v in value["results"]]
    return {k: _strip(v) for k, v in value.items()
            if k != "__metadata" and not (isinstance(v, dict) and set(v) == {"__deferred"})}
