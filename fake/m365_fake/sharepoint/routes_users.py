"""Users: `siteusers`, `SiteUserInfoList`, `EnsureUser`, `GetUserById`, `currentuser` (the app principal).

Person columns store a user's id (`<Column>Id`), so a script ensures a user, then writes its id.
No recording of SP.User exists in tests/fixtures/sharepoint-responses/; the property set and its
order are **inferred** from learn.microsoft.com (SP.User, "Users, groups, and roles REST API
reference"), and the login names follow SharePoint Online's claims encoding: a member is
`i:0#.f|membership|<upn>`, an app-only caller `i:0i.t|00000003-0000-0ff1-ce00-000000000000|app@sharepoint`.
"""
from __future__ import annotations

import re
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node
from .odata import Segment
from .query import query_entities, selection
from .verbose import api, collection, deferred, meta, select_keys

APP_ID = 11
MEMBER_PREFIX = "i:0#.f|membership|"
APP_LOGIN = "i:0i.t|00000003-0000-0ff1-ce00-000000000000|app@sharepoint"
_UPN = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")


def user_record(site: Any, user_id: int) -> dict[str, Any]:
    """A user's stored properties; the two built-in users (the app, a member of staff) are implied."""
    if user_id in site.user_details:
        return site.user_details[user_id]
    if user_id == APP_ID:
        return {"LoginName": APP_LOGIN, "Title": site.users[APP_ID], "Email": "", "PrincipalType": 1,
                "UserPrincipalName": None}
    if user_id in site.users:
        return {"LoginName": f"{MEMBER_PREFIX}staff@education.ky.gov", "Title": site.users[user_id],
                "Email": "staff@education.ky.gov", "PrincipalType": 1, "UserPrincipalName": "staff@education.ky.gov"}
    raise errors.SPError(404, "-2146232832, Microsoft.SharePoint.SPException", "User cannot be found.")


def sp_user(site: Any, user_id: int) -> dict[str, Any]:
    """SP.User (inferred shape, see the module docstring)."""
    record = user_record(site, user_id)
    uri = f"{api(site)}/Web/GetUserById({user_id})"
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.User")}
    data.update({n: deferred(f"{uri}/{n}") for n in ("Alerts", "Groups")})
    data.update({"Id": user_id, "IsHiddenInUI": False, "LoginName": record["LoginName"], "Title": record["Title"],
                 "PrincipalType": record["PrincipalType"], "Email": record["Email"], "Expiration": "",
                 "IsEmailAuthenticationGuestUser": False, "IsShareByEmailGuestUser": False,
                 "IsSiteAdmin": user_id == APP_ID,
                 "UserId": {"__metadata": {"type": "SP.UserIdInfo"}, "NameId": f"{user_id:016x}",
                            "NameIdIssuer": "urn:federation:microsoftonline"} if user_id != APP_ID else None,
                 "UserPrincipalName": record["UserPrincipalName"]})
    return data


def user_ids(site: Any) -> list[int]:
    return sorted(set(site.users) | set(site.user_details))


def ensure(site: Any, login: str) -> int:
    """The id of the user with this login name (a claims name or a bare UPN), added when new."""
    upn = login.strip()
    if upn.lower().startswith(MEMBER_PREFIX):
        upn = upn[len(MEMBER_PREFIX):]
    if upn.lower() == APP_LOGIN:
        return APP_ID
    if not _UPN.match(upn):
        # what SPO answers for a name the directory cannot resolve (widely reported; inferred)
        raise errors.SPError(400, "-2146232832, Microsoft.SharePoint.SPException",
                             f"The specified user {login} could not be found.")
    for uid in user_ids(site):
        if user_record(site, uid)["LoginName"].lower() == f"{MEMBER_PREFIX}{upn}".lower():
            return uid
    uid = max(user_ids(site)) + 1
    title = " ".join(p.capitalize() for p in re.split(r"[._-]+", upn.split("@")[0]) if p)
    site.user_details[uid] = {"LoginName": f"{MEMBER_PREFIX}{upn.lower()}", "Title": title or upn,
                              "Email": upn.lower(), "PrincipalType": 1, "UserPrincipalName": upn.lower()}
    site.users[uid] = title or upn
    return uid


def ensure_user_call(login: Any) -> Node:
    """`EnsureUser('<login>')` or `EnsureUser` with {"logonName": …}: 200 with the SP.User."""
    def run(ctx: Ctx) -> Response:
        name = login if login is not None else ctx.json().get("logonName")
        if not isinstance(name, str) or not name.strip():
            raise errors.argument_error("The logonName parameter must be given.")
        return ctx.reply({"d": sp_user(ctx.site, ensure(ctx.site, name))})
    return Call(run, type_name="SP.User")


def user_by_login(ctx: Ctx, login: str) -> Node:
    for uid in user_ids(ctx.site):
        if user_record(ctx.site, uid)["LoginName"].lower() == login.strip().lower():
            return UserNode(uid)
    raise errors.SPError(404, "-2146232832, Microsoft.SharePoint.SPException", "User cannot be found.")


class UserNode(Node):
    """One SP.User (GetUserById(n), siteusers(n), currentuser)."""

    type_name = "SP.User"

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(sp_user(ctx.site, self.user_id), select)})


class UsersNode(Node):
    """`_api/web/siteusers`: every user of the site; getById, getByLoginName, getByEmail."""

    type_name = "SP.UserCollection"
    children = {"getbyid": "by_id", "getbyloginname": "by_login", "getbyemail": "by_email",
                "getbyprincipalname": "by_email"}

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [sp_user(ctx.site, uid) for uid in user_ids(ctx.site)])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return UserNode(int(seg.arg()))

    def by_login(self, ctx: Ctx, seg: Segment) -> Node:
        return user_by_login(ctx, str(seg.arg() or ""))

    def by_email(self, ctx: Ctx, seg: Segment) -> Node:
        wanted = str(seg.arg() or "").lower()
        for uid in user_ids(ctx.site):
            record = user_record(ctx.site, uid)
            if wanted and wanted in ((record["Email"] or "").lower(), (record["UserPrincipalName"] or "").lower()):
                return UserNode(uid)
        raise errors.SPError(404, "-2146232832, Microsoft.SharePoint.SPException", "User cannot be found.")


def user_info_item(site: Any, user_id: int) -> dict[str, Any]:
    """An item of the User Information List (SP.Data.UserInfoItem; inferred: Id, Title, Name, EMail, UserName)."""
    record = user_record(site, user_id)
    uri = f"{api(site)}/Web/SiteUserInfoList/Items({user_id})"
    return {"__metadata": meta(uri, "SP.Data.UserInfoItem", etag='"1"'), "Id": user_id, "ID": user_id,
            "Title": record["Title"], "Name": record["LoginName"], "EMail": record["Email"],
            "UserName": record["UserPrincipalName"], "IsSiteAdmin": user_id == APP_ID}


class UserInfoListNode(Node):
    """`_api/web/SiteUserInfoList` (a hidden list) and its `items` / `items(n)`."""

    type_name = "SP.List"
    children = {"items": "items", "getitembyid": "item"}

    def get(self, ctx: Ctx) -> Response:
        from .entities import user_list_id
        uri = f"{api(ctx.site)}/Web/SiteUserInfoList"
        return ctx.reply({"d": {"__metadata": meta(uri, "SP.List"), "Id": user_list_id(ctx.site), "Hidden": True,
                                "ItemCount": len(user_ids(ctx.site)), "Title": "User Information List",
                                "BaseTemplate": 112, "EntityTypeName": "UserInfo"}})

    def items(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return self.item(ctx, seg)
        select, _ = selection(ctx)
        rows = [user_info_item(ctx.site, uid) for uid in user_ids(ctx.site)]
        return Call(lambda c: c.reply(collection([select_keys(r, select, ("Id",)) for r in query_entities(c, rows)])),
                    allow_get=True)

    def item(self, ctx: Ctx, seg: Segment) -> Node:
        uid = int(seg.arg())
        user_record(ctx.site, uid)
        return Call(lambda c: c.reply({"d": user_info_item(c.site, uid)}), allow_get=True)


__all__ = ["UserNode", "UsersNode", "UserInfoListNode", "ensure", "ensure_user_call", "sp_user"]
