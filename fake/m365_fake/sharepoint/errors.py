"""SharePoint-shaped errors: one exception type carrying status, code and message.

Every handler raises `SPError`; the dispatcher turns it into SharePoint's error body. Bodies follow
tests/fixtures/sharepoint-responses/error-*.json: verbose uses the key `error`, nometadata
the key `odata.error` (error-404-list-not-found.{verbose,nometadata}.json); the inner shape is
`{"code": "<hresult>, <.NET type>", "message": {"lang": "en-US", "value": ...}}`.
"""
from __future__ import annotations

from typing import Any

from ..http import Response

VERBOSE = "application/json;odata=verbose;charset=utf-8"
NOMETADATA = "application/json;odata=nometadata;charset=utf-8"


class SPError(Exception):
    """A SharePoint error response: HTTP status, `"<hresult>, <type>"` code and message text."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self, verbose: bool = True) -> dict[str, Any]:
        """The JSON error body in the requested OData flavour."""
        key = "error" if verbose else "odata.error"
        return {key: {"code": self.code, "message": {"lang": "en-US", "value": self.message}}}

    def response(self, verbose: bool = True) -> Response:
        """The whole HTTP response for this error."""
        return Response.json(self.body(verbose), status=self.status,
                             content_type=VERBOSE if verbose else NOMETADATA, headers=self.headers)


def bad_request(message: str) -> SPError:
    """A malformed request (bad $filter, bad JSON, unknown function): SharePoint answers 400 with
    Microsoft.SharePoint.Client.InvalidClientQueryException for URL/query problems."""
    return SPError(400, "-1, Microsoft.SharePoint.Client.InvalidClientQueryException", message)


def argument_error(message: str) -> SPError:
    """400 with the argument code (error-400-argument.verbose.json)."""
    return SPError(400, "-2147024809, System.ArgumentException", message)


def unknown_property(name: str, type_name: str) -> SPError:
    """A body property the entity type lacks (wording of SharePoint's OData deserializer)."""
    return bad_request(f"The property '{name}' does not exist on type '{type_name}'. "
                       "Make sure to only use property names that are defined by the type.")


def unknown_segment(segment: str, type_name: str) -> SPError:
    """A path segment that is not a property or function of the resource (404 in SPO)."""
    return SPError(404, "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                   f"Cannot find resource for the request {segment}.")


def list_not_found(title: str, web_url: str) -> SPError:
    """error-404-list-not-found.verbose.json: code "-1, System.ArgumentException"."""
    return SPError(404, "-1, System.ArgumentException",
                   f"List '{title}' does not exist at site with URL '{web_url}'.")


def list_id_not_found() -> SPError:
    """A list addressed by an unknown GUID. Not in the recordings: code and wording as SharePoint
    Online is commonly reported to answer ("List does not exist" SPException)."""
    return SPError(404, "-2130575322, Microsoft.SharePoint.SPException",
                   "List does not exist.\n\nThe page you selected contains a list that does not exist.  "
                   "It may have been deleted by another user.")


def invalid_change_token() -> SPError:
    """A change token that is unreadable, from the future or older than the kept change log. Not in the
    recordings: SharePoint Online is commonly reported to answer ArgumentOutOfRangeException here (the
    reason office365's ChangeQuery has IgnoreStartTokenNotFoundError)."""
    return SPError(400, "-2146233086, System.ArgumentOutOfRangeException",
                   "Specified argument was out of the range of valid values.\r\nParameter name: changeToken")


def item_not_found() -> SPError:
    """error-404-item-not-found.verbose.json."""
    return SPError(404, "-2130575338, System.ArgumentException",
                   "Item does not exist. It may have been deleted by another user.")


def file_not_found(server_relative_url: str) -> SPError:
    """error-404-file-not-found.verbose.json: the path is quoted as requested, spaces as %20."""
    return SPError(404, "-2130575338, Microsoft.SharePoint.SPException",
                   f"The file {server_relative_url.replace(' ', '%20')} does not exist.")


def folder_not_found(server_relative_url: str) -> SPError:
    """A missing folder: same code family as a missing file (error-404-file-not-found.verbose.json)."""
    return SPError(404, "-2147024894, System.IO.FileNotFoundException",
                   "File Not Found.")


def field_not_found(name: str) -> SPError:
    """A column that does not exist (in $filter/$select or getbyinternalnameortitle)."""
    return argument_error(f"Column '{name}' does not exist. It may have been deleted by another user.")


def list_exists() -> SPError:
    """error-500-list-already-exists.verbose.json: a duplicate list title is a 500, not a 409."""
    return SPError(500, "-2130575342, Microsoft.SharePoint.SPException",
                   "A list, survey, discussion board, or document library with the specified title "
                   "already exists in this Web site.  Please choose another title.")


def file_exists(server_relative_url: str) -> SPError:
    """Files/add without overwrite onto an existing file."""
    return SPError(400, "-2130575257, Microsoft.SharePoint.SPException",
                   f"A file with the name {server_relative_url} already exists.")


def etag_mismatch(sent: str, current: str) -> SPError:
    """error-412-etag-mismatch.nometadata.reported.json: both etags quoted with their double quotes."""
    return SPError(412, "-1, Microsoft.SharePoint.Client.ClientServiceException",
                   f"The request ETag value '{sent}' does not match the object's ETag value '{current}'.")


def threshold_exceeded() -> SPError:
    """error-500-list-view-threshold.verbose.reported.json: HTTP 500 SPQueryThrottledException."""
    return SPError(500, "-2147024860, Microsoft.SharePoint.SPQueryThrottledException",
                   "The attempted operation is prohibited because it exceeds the list view threshold "
                   "enforced by the administrator.")


def duplicate_values(field_titles: list[str]) -> SPError:
    """A duplicate value in a column with EnforceUniqueValues. Code and type as classified by
    office365's SPDuplicateValuesFoundException (office365/sharepoint/exceptions.py); status 409
    and wording are not recorded (inferred)."""
    names = ", ".join(field_titles)
    return SPError(409, "-2130575169, Microsoft.SharePoint.SPDuplicateValuesFoundException",
                   "The list item could not be added or updated because duplicate values were found "
                   f"in the following field(s) in the list: [{names}].")


def unauthorized_operation() -> SPError:
    """error-403-unauthorized.nometadata.reported.json: the app lacks the site grant."""
    return SPError(403, "-2147024891, System.UnauthorizedAccessException",
                   "Attempted to perform an unauthorized operation.")


def invalid_digest() -> SPError:
    """A wrong X-RequestDigest: 403 with -2130575251, which office365 maps to
    SecurityValidationException (office365/sharepoint/exceptions.py) and recovers from once."""
    return SPError(403, "-2130575251, Microsoft.SharePoint.SPException",
                   "The security validation for this page is invalid and might be corrupted. "
                   "Please use your web browser's Back button to try your operation again.")


def method_not_allowed(method: str) -> SPError:
    """A verb the resource does not support."""
    return SPError(405, "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                   f"The HTTP method '{method}' cannot be used on this resource.")
