"""m365_fake: a fake Microsoft 365 tenant (Entra ID, SharePoint REST, Graph sendMail) over local HTTPS.

The unmodified msal and office365-rest-python-client work against it. It knows nothing of the program it
serves: site path, domain, mail sender, seed content and client files are the caller's (see
`m365_fake.tenant.FakeTenant`). README.md beside this package says what is emulated.
"""
