"""Guards: a plan that looks like a mistake stops the run before its first write (unless --force)."""
from __future__ import annotations

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, Plan

#: a handful of member changes is never a mass change, whatever the list's size (a one-row list
#: would otherwise trip the share guard on every correction)
MEMBER_CHANGE_FLOOR = 3


#: the columns a term ending changes on a member row, and nothing else
_EXPIRY_COLUMNS = frozenset({s.M_STATUS, s.M_GRANT, s.M_NOTES, s.M_LAST_SYNCED})


def expiry_only(action: Action) -> bool:
    """A member update that only records a term ending (Expired, no longer grant eligible). On July 1
    most members may expire at once with no letter changed: that is the calendar, not a mistake, so
    the share guard does not count it."""
    values = action.values
    return (action.target == "member" and action.op == "update" and set(values) <= _EXPIRY_COLUMNS
            and values.get(s.M_STATUS, s.MEMBER_EXPIRED) == s.MEMBER_EXPIRED and not values.get(s.M_GRANT, False)
            and (s.M_STATUS in values or s.M_GRANT in values))


def guard_problems(plan: Plan, max_member_change_share: float) -> list[str]:
    """Why this plan must not be applied, in plain words (empty when it may)."""
    problems: list[str] = []
    changed = sum(1 for a in plan.of("member") if a.op == "update" and not expiry_only(a))
    before = plan.member_rows_before
    if before and changed > MEMBER_CHANGE_FLOOR and changed / before > max_member_change_share:
        problems.append(
            f"The run would change {changed} of {before} member rows ({changed / before:.0%}), more than the "
            f"allowed {max_member_change_share:.0%}. Check the letters, then run again with --force if this is right."
        )
    if plan.library_letters_before and not plan.library_letters_after:
        problems.append(
            f"The Letters of Commitment library looks empty, but {plan.library_letters_before} letters were there "
            "before. Nothing was changed. If the letters were removed on purpose, run again with --force."
        )
    return problems

