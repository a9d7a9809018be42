"""The web, regional settings, list and field entities with SharePoint Online's full default property
sets, in the recorded order. Every key list is copied from a file in
tests/fixtures/sharepoint-responses/ (named at each builder); values the fake has no notion of
(master pages, IRM, footers...) carry the recorded defaults, so a client reading any default property
finds it with its recorded type.
"""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from .models import FIELD_ENTITY, FIELD_KINDS, Field, SPList, iso
from .verbose import api, change_token, deferred, list_uri, meta, resource_path, string_collection

ZERO_GUID = "00000000-0000-0000-0000-000000000000"
#: web navigation properties, in order (web-entity-default-properties.verbose.json: 48 of 97 keys)
WEB_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "AccessRequestsList", "Activities",
           "ActivityLogger", "Alerts", "AllProperties", "AppTiles", "AssociatedMemberGroup", "AssociatedOwnerGroup",
           "AssociatedVisitorGroup", "Author", "AvailableContentTypes", "AvailableFields", "CanModernizeHomepage",
           "ClientWebParts", "ContentTypes", "CurrentUser", "DataLeakagePreventionStatusInfo", "DescriptionResource",
           "EventReceivers", "Features", "Fields", "Folders", "HostedApps", "Lists", "ListTemplates",
           "MultilingualSettings", "Navigation", "OneDriveSharedItems", "ParentWeb", "PushNotificationSubscribers",
           "RecycleBin", "RegionalSettings", "RoleDefinitions", "RootFolder", "SiteCollectionAppCatalog",
           "SiteGroups", "SiteUserInfoList", "SiteUsers", "TenantAppCatalog", "ThemeInfo", "TitleResource",
           "UserCustomActions", "Webs", "WebInfos", "WorkflowAssociations", "WorkflowTemplates")
#: list navigation properties (list-create.verbose.json)
LIST_NAV = ("FirstUniqueAncestorSecurableObject", "RoleAssignments", "Author", "ContentTypes", "CreatablesInfo",
            "DefaultView", "DescriptionResource", "EventReceivers", "Fields", "Forms",
            "InformationRightsManagementSettings", "Items", "ParentWeb", "RootFolder", "Subscriptions",
            "TitleResource", "UserCustomActions", "Views", "WorkflowAssociations")


#: TemplateFeatureId of a document library / a generic list (list-entity-getlist / list-create .verbose.json)
LIBRARY_FEATURE, LIST_FEATURE = "00bfea71-e717-4e80-aa17-d0c71b360101", "00bfea71-de22-43b2-a848-c05709900100"


# -------------------------------------------------------------------------------------------- web
def web_entity(site: Any) -> dict[str, Any]:
    """SP.Web as `GET _api/web` returns it without $select (web-entity-default-properties.verbose.json):
    id/uri ".../_api/Web"; `Created` has no Z while the other dates do (recorded)."""
    uri = f"{api(site)}/Web"
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.Web")}
    data.update({n: deferred(f"{uri}/{n}") for n in WEB_NAV})
    master = f"{site.path.rstrip('/')}/_catalogs/masterpage/seattle.master"
    data.update({
        "AllowRssFeeds": True, "AlternateCssUrl": "", "AppInstanceId": ZERO_GUID, "ClassicWelcomePage": None,
        "Configuration": 0, "Created": "2018-01-01T00:00:00", "CurrentChangeToken": change_token(site.web_token()),
        "CustomMasterUrl": master, "Description": site.description, "DesignPackageId": ZERO_GUID,
        "DocumentLibraryCalloutOfficeWebAppPreviewersDisabled": False, "EnableMinimalDownload": False,
        "FooterEmphasis": 0, "FooterEnabled": False, "FooterLayout": 0, "HeaderEmphasis": 0, "HeaderLayout": 0,
        "HideTitleInHeader": False, "HorizontalQuickLaunch": False, "Id": site.web_id, "IsHomepageModernized": False,
        "IsMultilingual": True, "IsRevertHomepageLinkHidden": False, "Language": 1033,
        "LastItemModifiedDate": iso(site.now()), "LastItemUserModifiedDate": iso(site.now()), "LogoAlignment": 0,
        "MasterUrl": master, "MegaMenuEnabled": False, "NavAudienceTargetingEnabled": False, "NoCrawl": False,
        "ObjectCacheEnabled": False, "OverwriteTranslationsOnChange": False,
        "ResourcePath": resource_path(site.web_url), "QuickLaunchEnabled": True, "RecycleBinEnabled": True,
        "SearchScope": 0, "ServerRelativeUrl": site.path,
        "SiteLogoUrl": _group_image(site), "SyndicationEnabled": True,
        "TenantAdminMembersCanShare": 0, "Title": site.title, "TreeViewEnabled": False, "UIVersion": 15,
        "UIVersionConfigurationEnabled": False, "Url": site.web_url, "WebTemplate": "STS",
        "WelcomePage": "SitePages/Home.aspx",
    })
    return data


def _group_image(site: Any) -> str:
    """A group-connected site's logo URL, in the recorded form (web-entity-default-properties.verbose.json:
    "<site collection path>/_api/GroupService/GetGroupImage?id='<group id>'&hash=<ticks>")."""
    import uuid
    collection = "/".join(site.path.split("/")[:3]) if site.path.startswith("/sites/") else ""
    group = uuid.uuid5(uuid.NAMESPACE_URL, f"{site.site_id}/group")
    return f"{collection}/_api/GroupService/GetGroupImage?id='{group}'&hash=637689300827035618"


def web_selectable(site: Any) -> dict[str, Any]:
    """Web properties SharePoint returns only when selected (batch-mixed-200-204: SupportedUILanguageIds
    is a verbose Collection(Edm.Int32))."""
    return {"SupportedUILanguageIds": string_collection([1033], "Collection(Edm.Int32)")}


def time_zone(site: Any) -> dict[str, Any]:
    """SP.TimeZone of the site: Kentucky's Eastern Time. Id 10 is SharePoint's "(UTC-05:00) Eastern Time
    (US and Canada)" (13 is Pacific, as web-get-select-expand.verbose.json records); Information is
    SP.TimeZoneInformation with Bias/DaylightBias/StandardBias in minutes, UTC = local + Bias
    (learn.microsoft.com SP.TimeZoneInformation)."""
    uri = f"{api(site)}/Web/RegionalSettings/TimeZone"
    return {"__metadata": meta(uri, "SP.TimeZone"), "Description": "(UTC-05:00) Eastern Time (US and Canada)",
            "Id": 10, "Information": {"__metadata": {"type": "SP.TimeZoneInformation"}, "Bias": 300,
                                      "DaylightBias": -60, "StandardBias": 0}}


def regional_settings(site: Any, with_time_zone: bool) -> dict[str, Any]:
    """SP.RegionalSettings, every recorded property in order (web-get-select-expand.verbose.json), with
    en-US values; TimeZone expanded or deferred."""
    uri = f"{api(site)}/Web/RegionalSettings"
    zone = time_zone(site) if with_time_zone else deferred(f"{uri}/TimeZone")
    return {"__metadata": meta(uri, "SP.RegionalSettings"), "InstalledLanguages": deferred(f"{uri}/InstalledLanguages"),
            "TimeZone": zone, "TimeZones": deferred(f"{uri}/TimeZones"), "AdjustHijriDays": 0,
            "AlternateCalendarType": 0, "AM": "AM", "CalendarType": 1, "Collation": 25, "CollationLCID": 2070,
            "DateFormat": 0, "DateSeparator": "/", "DecimalSeparator": ".", "DigitGrouping": "3;0",
            "FirstDayOfWeek": 0, "FirstWeekOfYear": 0, "IsEastAsia": False, "IsRightToLeft": False,
            "IsUIRightToLeft": False, "ListSeparator": ",", "LocaleId": 1033, "NegativeSign": "-",
            "NegNumberMode": 1, "PM": "PM", "PositiveSign": "", "ShowWeeks": False, "ThousandSeparator": ",",
            "Time24": False, "TimeMarkerPosition": 0, "TimeSeparator": ":", "WorkDayEndHour": 1020, "WorkDays": 62,
            "WorkDayStartHour": 480}


# ------------------------------------------------------------------------------------------- list
def list_entity(site: Any, lst: SPList) -> dict[str, Any]:
    """SP.List with its 19 navigation and 53 other properties in the recorded order
    (list-create.verbose.json for a generic list, list-entity-getlist.verbose.json for a library: the
    values that differ between them follow the template)."""
    uri = list_uri(site, lst)
    library = lst.is_library
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.List", etag=f'"{lst.version}"')}
    data.update({n: deferred(f"{uri}/{n}") for n in LIST_NAV})
    icon = f"/_layouts/15/images/{'itdl' if library else 'itgen'}.png?rev=47"
    data.update({
        "AllowContentTypes": True, "BaseTemplate": lst.base_template, "BaseType": 1 if library else 0,
        "ContentTypesEnabled": False, "CrawlNonDefaultViews": False, "Created": iso(lst.created),
        "CurrentChangeToken": change_token(site.list_token(lst)), "DefaultContentApprovalWorkflowId": ZERO_GUID,
        "DefaultItemOpenUseListSetting": False, "Description": lst.description, "Direction": "none",
        "DisableCommenting": False, "DisableGridEditing": False,
        "DocumentTemplateUrl": f"{lst.url}/Forms/template.dotx" if library else None, "DraftVersionVisibility": 0,
        "EnableAttachments": not library, "EnableFolderCreation": library, "EnableMinorVersions": False,
        "EnableModeration": False, "EnableRequestSignOff": True, "EnableVersioning": lst.enable_versioning,
        "EntityTypeName": lst.entity_type_name, "ExemptFromBlockDownloadOfNonViewableFiles": False,
        "FileSavePostProcessingEnabled": False, "ForceCheckout": False, "HasExternalDataSource": False,
        "Hidden": False, "Id": lst.id, "ImagePath": resource_path(icon), "ImageUrl": icon,
        "DefaultSensitivityLabelForLibrary": "", "IrmEnabled": False, "IrmExpire": False, "IrmReject": False,
        "IsApplicationList": False, "IsCatalog": False, "IsPrivate": False, "ItemCount": len(lst.items),
        "LastItemDeletedDate": iso(lst.created), "LastItemModifiedDate": iso(lst.last_modified),
        "LastItemUserModifiedDate": iso(lst.last_modified), "ListExperienceOptions": 1 if library else 0,
        "ListItemEntityTypeFullName": lst.item_type, "MajorVersionLimit": 500 if library else 50,
        "MajorWithMinorVersionsLimit": 0, "MultipleDataList": False, "NoCrawl": False,
        "ParentWebPath": resource_path(site.path), "ParentWebUrl": site.path, "ParserDisabled": False,
        "ServerTemplateCanCreateFolders": True,
        "TemplateFeatureId": LIBRARY_FEATURE if library else LIST_FEATURE,
        "Title": lst.title,
    })
    return data


# ------------------------------------------------------------------------------------------ fields
#: SP.FieldType display names (fields-list-get.verbose.trimmed.json TypeDisplayName/TypeShortDescription)
_TYPE_NAMES = {"Text": "Single line of text", "Note": "Multiple lines of text", "DateTime": "Date and Time",
               "Computed": "Computed", "User": "Person or Group", "Lookup": "Lookup", "Integer": "Integer",
               "Number": "Number", "Choice": "Choice", "MultiChoice": "Choice", "Boolean": "Yes/No",
               "Currency": "Currency", "URL": "Hyperlink or Picture", "Counter": "Counter", "Guid": "Guid",
               "File": "File", "Attachments": "Attachments"}


def field_entity(site: Any, lst: SPList, fld: Field) -> dict[str, Any]:
    """SP.Field* (fields-list-get.verbose.trimmed.json, field-add-createfieldasxml.verbose.json): the 39
    common properties in the recorded order, then those of the concrete type."""
    uri = f"{list_uri(site, lst)}/Fields(guid'{fld.id}')"
    data: dict[str, Any] = {"__metadata": meta(uri, FIELD_ENTITY.get(fld.kind, "SP.Field"))}
    data.update({n: deferred(f"{uri}/{n}") for n in ("DescriptionResource", "TitleResource")})
    name = _TYPE_NAMES.get(fld.kind, fld.kind)
    data.update({
        "AutoIndexed": False, "CanBeDeleted": not fld.builtin, "ClientSideComponentId": ZERO_GUID,
        "ClientSideComponentProperties": None, "ClientValidationFormula": None, "ClientValidationMessage": None,
        "CustomFormatter": None, "DefaultFormula": None, "DefaultValue": _default_text(fld.default),
        "Description": fld.description, "Direction": "none", "EnforceUniqueValues": fld.enforce_unique,
        "EntityPropertyName": fld.entity_name.removesuffix("Id") if fld.kind == "User" else fld.entity_name,
        "Filterable": fld.kind != "Note", "FromBaseType": fld.builtin, "Group": fld.group, "Hidden": fld.hidden,
        "Id": fld.id, "Indexed": fld.indexed, "IndexStatus": 1 if fld.indexed else 0,
        "InternalName": fld.internal_name, "IsModern": False,
        "JSLink": None if fld.kind == "Computed" else "clienttemplates.js", "PinnedToFiltersPane": False,
        "ReadOnlyField": fld.read_only, "Required": fld.required, "SchemaXml": schema_xml(lst, fld),
        "Scope": lst.url, "Sealed": False, "ShowInFiltersPane": 0, "Sortable": fld.kind not in ("Note", "Computed"),
        "StaticName": fld.internal_name, "Title": fld.title, "FieldTypeKind": FIELD_KINDS.get(fld.kind, 2),
        "TypeAsString": fld.kind, "TypeDisplayName": name, "TypeShortDescription": name,
        "ValidationFormula": None, "ValidationMessage": None,
    })
    data.update(_type_properties(site, fld))
    return data


def _type_properties(site: Any, fld: Field) -> dict[str, Any]:
    """The properties of the concrete field type, as recorded for each (fields-list-get.verbose.trimmed.json)."""
    kind = fld.kind
    if kind == "Text":
        return {"MaxLength": fld.max_length}
    if kind == "Note":
        return {"AllowHyperlink": False, "AppendOnly": False, "IsLongHyperlink": False, "NumberOfLines": 6,
                "RestrictedMode": True, "RichText": False, "UnlimitedLengthInDocumentLibrary": False,
                "WikiLinking": False}
    if kind == "DateTime":
        # SP.DateTimeFieldFormatType: 0 DateOnly, 1 DateTime
        return {"DateTimeCalendarType": 0, "DateFormat": None, "DisplayFormat": 0 if fld.date_only else 1,
                "FriendlyDisplayFormat": 0, "TimeFormat": None}
    if kind in ("Choice", "MultiChoice"):
        return {"FillInChoice": False, "Mappings": None, "Choices": string_collection(fld.choices), "EditFormat": 0}
    if kind in ("Number", "Currency"):
        return {"CommaSeparator": True, "CustomUnitName": None, "CustomUnitOnRight": False, "DisplayFormat": -1,
                "MaximumValue": 1.7976931348623157e308, "MinimumValue": -1.7976931348623157e308,
                "ShowAsPercentage": False, "Unit": None}
    if kind == "Computed":
        return {"EnableLookup": False}
    if kind in ("Lookup", "User"):
        lookup = {"AllowMultipleValues": False, "DependentLookupInternalNames": string_collection([]),
                  "IsDependentLookup": False, "IsRelationship": False, "LookupField": "" if kind == "User" else "Title",
                  "LookupList": f"{{{user_list_id(site)}}}" if kind == "User" else "", "LookupWebId": site.web_id,
                  "PrimaryFieldId": "ID" if fld.builtin and kind == "Lookup" else None,
                  "RelationshipDeleteBehavior": 0, "UnlimitedLengthInDocumentLibrary": False}
        if kind == "User":
            lookup.update({"AllowDisplay": True, "Presence": True, "SelectionGroup": 0, "SelectionMode": 1,
                           "UserDisplayOptions": None})
        return lookup
    return {}


def user_list_id(site: Any) -> str:
    """The id of the site's User Information List, which person columns look up
    (fields-list-get.verbose.trimmed.json: LookupList "{<guid>}" on SP.FieldUser)."""
    import uuid
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site.web_id}/UserInfo"))


def _default_text(value: Any) -> str | None:
    """DefaultValue is a string in SP.Field ("0"/"1" for Yes/No)."""
    from datetime import datetime
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return iso(value) if isinstance(value, datetime) else str(value)


def schema_xml(lst: SPList, fld: Field) -> str:
    """The field's CAML, with Format="DateOnly"/"DateTime" on date columns as SharePoint keeps it."""
    attrs = (f'Type="{fld.kind}" Name={quoteattr(fld.internal_name)} DisplayName={quoteattr(fld.title)} '
             f'ID="{{{fld.id}}}" Required="{str(fld.required).upper()}" Indexed="{str(fld.indexed).upper()}" '
             f'EnforceUniqueValues="{str(fld.enforce_unique).upper()}"')
    if fld.kind == "DateTime":
        attrs += f' Format="{"DateOnly" if fld.date_only else "DateTime"}"'
    return f'<Field {attrs} SourceID="{{{lst.id}}}" StaticName={quoteattr(fld.internal_name)} />'
