"""The demo kit's iln-sync subcommands (registered through the `iln_sync.commands` entry point group)."""
