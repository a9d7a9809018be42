"""iln_demo: the iln-sync demo kit.

The letter generator (`iln_demo.forms`), the ILN seed content, the ILN-shaped fake tenant
(`iln_demo.tenant`: the generic `m365_fake` tenant with KDE's site path, sender and a ready iln-sync
configuration) and the `demo`, `emulator` and `forms` subcommands, which it registers with `iln-sync`
through the `iln_sync.commands` entry point group. Production installs of the worker never carry it.
"""
