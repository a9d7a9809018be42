"""Entity shapes in `odata=verbose` JSON (__metadata, __deferred, results, __next), and the
`nometadata` transform. Every shape is copied from a file in /work/shared/reference/sharepoint-responses/.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

from .models import FIELD_ENTITY, FIELD_KINDS, Field, Item, SPList, iso

#: item navigation properties, in the recorded order (list-items-page-with-next.verbose.json)
ITEM_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "AttachmentFiles", "ContentType",
            "GetDlpPolicyTip", "FieldValuesAsHtml", "FieldValuesAsText", "FieldValuesForEdit", "File", "Folder",
            "LikedByInformation", "ParentList", "Properties", "Versions")
#: list navigation properties (list-create.verbose.json)
LIST_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "Author", "ContentTypes", "CreatablesInfo",
            "DefaultView", "DescriptionResource", "EventReceivers", "Fields", "Forms",
            "InformationRightsManagementSettings", "Items", "ParentWeb", "RootFolder", "Subscriptions",
            "TitleResource", "UserCustomActions", "Views", "WorkflowAssociations")
WEB_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "AllProperties", "AssociatedMemberGroup",
           "AvailableContentTypes", "AvailableFields", "ContentTypes", "CurrentUser", "Features", "Fields",
           "Folders", "Lists", "ParentWeb", "RegionalSettings", "RootFolder", "SiteUsers", "Webs")
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


# ------------------------------------------------------------------------------------------- web
def web_entity(site: Any) -> dict[str, Any]:
    """SP.Web (web-entity-default-properties.verbose.json; id and uri are ".../_api/Web")."""
    uri = f"{api(site)}/Web"
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.Web")}
    data.update({n: deferred(f"{uri}/{n}") for n in WEB_NAV})
    data.update({
        "AllowRssFeeds": True, "Created": "2018-01-01T00:00:00",  # recorded: Created has no Z
        "CurrentChangeToken": change_token(site.web_token()), "Description": "", "Id": site.web_id,
        "Language": 1033, "LastItemModifiedDate": iso(site.now()), "LastItemUserModifiedDate": iso(site.now()),
        "ServerRelativeUrl": site.path, "SiteLogoUrl": None, "Title": site.title, "Url": site.web_url,
        "WebTemplate": "STS",
    })
    return data


def regional_settings(site: Any, with_time_zone: bool) -> dict[str, Any]:
    """SP.RegionalSettings with (optionally expanded) SP.TimeZone, shaped like
    web-get-select-expand.verbose.json; the values are Kentucky's (Eastern Time, en-US)."""
    uri = f"{api(site)}/Web/RegionalSettings"
    zone_uri = f"{uri}/TimeZone"
    zone: dict[str, Any] = deferred(zone_uri)
    if with_time_zone:
        zone = {"__metadata": meta(zone_uri, "SP.TimeZone"), "Description": "(UTC-05:00) Eastern Time (US and Canada)",
                "Id": 11, "Information": {"__metadata": {"type": "SP.TimeZoneInformation"}, "Bias": 300,
                                          "DaylightBias": -60, "StandardBias": 0}}
    return {"__metadata": meta(uri, "SP.RegionalSettings"), "InstalledLanguages": deferred(f"{uri}/InstalledLanguages"),
            "TimeZone": zone, "TimeZones": deferred(f"{uri}/TimeZones"), "AM": "AM", "CalendarType": 1,
            "DateFormat": 0, "DateSeparator": "/", "DecimalSeparator": ".", "FirstDayOfWeek": 0, "LocaleId": 1033,
            "PM": "PM", "ThousandSeparator": ",", "Time24": False, "TimeSeparator": ":"}


# ------------------------------------------------------------------------------------------ list
def list_entity(site: Any, lst: SPList) -> dict[str, Any]:
    """SP.List (list-create.verbose.json / list-entity-getlist.verbose.json)."""
    uri = list_uri(site, lst)
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.List", etag=f'"{lst.version}"')}
    data.update({n: deferred(f"{uri}/{n}") for n in LIST_NAV})
    library = lst.is_library
    data.update({
        "AllowContentTypes": True, "BaseTemplate": lst.base_template, "BaseType": 1 if library else 0,
        "ContentTypesEnabled": False, "Created": iso(lst.created),
        "CurrentChangeToken": change_token(site.list_token(lst)), "Description": lst.description,
        "EnableAttachments": not library, "EnableFolderCreation": library, "EnableMinorVersions": False,
        "EnableVersioning": lst.enable_versioning, "EntityTypeName": lst.entity_type_name, "Hidden": False,
        "Id": lst.id, "ItemCount": len(lst.items), "LastItemModifiedDate": iso(lst.last_modified),
        "ListItemEntityTypeFullName": lst.item_type, "MajorVersionLimit": 500 if library else 50,
        "ParentWebPath": resource_path(site.path), "ParentWebUrl": site.path, "Title": lst.title,
    })
    return data


def field_entity(site: Any, lst: SPList, fld: Field) -> dict[str, Any]:
    """SP.Field* (field-add-createfieldasxml.verbose.json)."""
    uri = f"{list_uri(site, lst)}/Fields(guid'{fld.id}')"
    data: dict[str, Any] = {"__metadata": meta(uri, FIELD_ENTITY.get(fld.kind, "SP.Field"))}
    data.update({n: deferred(f"{uri}/{n}") for n in ("DescriptionResource", "TitleResource")})
    data.update({
        "CanBeDeleted": not fld.builtin, "DefaultValue": _default_text(fld.default), "Description": fld.description,
        "EnforceUniqueValues": fld.enforce_unique, "EntityPropertyName": fld.entity_name.removesuffix("Id")
        if fld.kind == "User" else fld.entity_name, "FromBaseType": fld.builtin, "Group": fld.group,
        "Hidden": fld.hidden, "Id": fld.id, "Indexed": fld.indexed, "InternalName": fld.internal_name,
        "ReadOnlyField": fld.read_only, "Required": fld.required, "SchemaXml": schema_xml(lst, fld),
        "Scope": lst.url, "Sealed": fld.builtin, "StaticName": fld.internal_name, "Title": fld.title,
        "FieldTypeKind": FIELD_KINDS.get(fld.kind, 2), "TypeAsString": fld.kind,
    })
    if fld.kind in ("Choice", "MultiChoice"):
        data["Choices"] = string_collection(fld.choices)
    if fld.kind == "Text":
        data["MaxLength"] = fld.max_length
    return data


def _default_text(value: Any) -> str | None:
    """DefaultValue is a string in SP.Field ("0"/"1" for Yes/No)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return iso(value) if isinstance(value, datetime) else str(value)


def schema_xml(lst: SPList, fld: Field) -> str:
    from xml.sax.saxutils import quoteattr
    attrs = (f'Type="{fld.kind}" Name={quoteattr(fld.internal_name)} DisplayName={quoteattr(fld.title)} '
             f'ID="{{{fld.id}}}" Required="{str(fld.required).upper()}" Indexed="{str(fld.indexed).upper()}" '
             f'EnforceUniqueValues="{str(fld.enforce_unique).upper()}" SourceID="{{{lst.id}}}" '
             f'StaticName={quoteattr(fld.internal_name)}')
    return f"<Field {attrs} />"


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


def item_scalars(site: Any, lst: SPList, item: Item) -> dict[str, Any]:
    """The default scalar set, in the recorded order (list-items-full-default-fields.verbose.json)."""
    data: dict[str, Any] = {
        "FileSystemObjectType": 1 if item.is_folder else 0, "Id": item.id,
        "ServerRedirectedEmbedUri": None, "ServerRedirectedEmbedUrl": "", "ID": item.id,
        "ContentTypeId": "0x0120" if item.is_folder else ("0x0101" if lst.is_library else "0x0100"),
        "Title": item.values.get("Title"), "Modified": iso(item.modified), "Created": iso(item.created),
        "AuthorId": item.author_id, "EditorId": item.editor_id, "OData__UIVersionString": f"{item.ui_version}.0",
    }
    if not lst.is_library:
        data["Attachments"] = bool(item.attachments)
    data.update({"GUID": item.guid, "ComplianceAssetId": None})
    for fld in lst.fields:
        if not fld.builtin:
            data[fld.entity_name] = field_json(fld, item.values.get(fld.internal_name, fld.default))
    if lst.base_template == 119 and item.page is not None:
        data["CanvasContent1"] = item.page.get("CanvasContent1")
    return data


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
                expand: dict[str, Any] | None = None, uri: str | None = None) -> dict[str, Any]:
    """SP.Data.<X>ListItem: __metadata (id = bare GUID, etag "\"n\""), 14 __deferred, the scalars
    (list-items-page-with-next.verbose.json); `expand` maps a navigation name to its expanded JSON."""
    uri = uri or f"{list_uri(site, lst)}/Items({item.id})"
    data: dict[str, Any] = {"__metadata": meta(uri, lst.item_type, id_=item.guid, etag=f'"{item.version}"')}
    expand = expand or {}
    for name in ITEM_NAV:
        data[name] = expand[name] if name in expand else deferred(f"{uri}/{name}")
    data.update(item_scalars(site, lst, item))
    for person in ("Author", "Editor"):
        if person in expand:
            data[person] = expand[person]
    if not select or "*" in select:
        return data
    extras = item_extras(site, lst, item)
    result = {"__metadata": data["__metadata"]}
    for name in select:
        head = name.split("/")[0]
        key = next((k for k in list(data) + list(extras) if k.lower() == head.lower()), None)
        if key is None:
            fld = lst.field(head)
            key = fld.entity_name if fld else None
        if key in data:
            result[key] = data[key]
        elif key in extras:
            result[key] = extras[key]
    result.setdefault("Id", item.id)
    result.setdefault("ID", item.id)
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
