"""Mail: the run summary, the weekly digest and renewal reminders (docs/mail.md).

Pure parts: `headers` (the one header sanitiser), `content` (what a mail says, from plain values),
`message` (the RFC 5322 message, standard-library `email`). `render` turns content into HTML and text
through the Jinja2 templates in `templates/` (autoescape). Edges: `graph` (Microsoft Graph sendMail
as the app) and `smtp` (STARTTLS + AUTH), `ledger` (exactly-once record in the state file),
`delivery` (record, send, record) and `jobs` (what `Session.run`, `send_digest`, `send_reminders` call).
"""
