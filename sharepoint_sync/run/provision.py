"""Provisioning: make the site match `core.schema` (and the resource pages' library), never dropping anything."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.provisioning import ProvisionPlan, ProvisionStep, plan_provision
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import SiteGateway

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.pages.schema import PageNames

log = get_logger("sharepoint_sync.run")


def provision_site(gateway: SiteGateway, names: s.SiteNames, *, apply: bool = True,
                   pages: "PageNames | None" = None) -> ProvisionPlan:
    """Add whatever lists, columns, indexes and views are missing; return what was (or would be) done.
    The resource pages' library and column (`pages.schema`) come with them (default names unless given)."""
    from sharepoint_sync.pages.schema import PageNames, pages_schema, without_missing_site_pages

    schema = s.site_schema(names) + pages_schema(pages or PageNames())
    existing = {spec.title: gateway.get_list(spec.title) for spec in schema}
    schema, missing = without_missing_site_pages(schema, existing, pages or PageNames())
    plan = plan_provision(schema, existing)
    plan = replace(plan, problems=plan.problems + missing)
    for step in plan.steps if apply else ():
        apply_step(gateway, step)
        log.info("sync.provision.step", step=step.describe())
    return plan


def apply_step(gateway: SiteGateway, step: ProvisionStep) -> None:
    """Carry out one planned provisioning step through the site port."""
    if step.kind == "create_list" and step.list_spec:
        gateway.create_list(step.list_spec)
    elif step.kind == "add_field" and step.field:
        gateway.add_field(step.list_title, step.field)
    elif step.kind == "index_field" and step.field:
        gateway.set_field_indexed(step.list_title, step.field.internal_name, unique=step.field.unique)
    elif step.kind == "create_view" and step.view:
        gateway.create_view(step.list_title, step.view)


