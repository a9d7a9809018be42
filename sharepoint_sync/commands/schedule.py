"""`iln-sync schedule`: the former name of `iln-sync serve`, kept as an alias (same options)."""
from __future__ import annotations

from sharepoint_sync.commands.serve import add_arguments, run

HELP = "Alias of `iln-sync serve` (kept for old scripts)."

__all__ = ["HELP", "add_arguments", "run"]
