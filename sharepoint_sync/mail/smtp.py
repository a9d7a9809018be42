"""Mail through an SMTP relay: STARTTLS always (never clear text), AUTH when a user is configured.

The password comes from the environment variable `mail.smtp_password_env` names (config.py reads it);
it is never logged. Failures before the DATA command, and a server's refusal of the message, mean
the mail surely was not accepted (the next run sends it again); a connection lost during DATA may
come after the server took it, so it is `DeliveryUncertain` and never resent.
"""
from __future__ import annotations

import smtplib
import ssl
from typing import Sequence

from sharepoint_sync.config import MailConfig
from sharepoint_sync.errors import AuthError, DeliveryUncertain, RemoteError, TransientRemoteError
from sharepoint_sync.log import get_logger

log = get_logger("sharepoint_sync.mail")


class SmtpTransport:
    """Sends messages through the configured SMTP relay."""

    name = "smtp"

    def __init__(self, mail: MailConfig, timeout: float = 30.0) -> None:
        self.mail = mail
        self.timeout = timeout

    def _context(self) -> ssl.SSLContext:
        ca = str(self.mail.smtp_ca_bundle) if self.mail.smtp_ca_bundle else None
        return ssl.create_default_context(cafile=ca)

    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        """Connect, STARTTLS, sign in, send; raise our errors (see the module docstring)."""
        host, port = self.mail.smtp_host or "", self.mail.smtp_port
        try:
            smtp = smtplib.SMTP(host, port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise TransientRemoteError("the SMTP server could not be reached", host=host, port=port,
                                       reason=type(error).__name__) from None
        with smtp:
            self._secure(smtp, host)
            self._transmit(smtp, sender, recipients, data, host)

    def _secure(self, smtp: smtplib.SMTP, host: str) -> None:
        try:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise RemoteError("the SMTP server does not offer STARTTLS; iln-sync never sends in clear text",
                                  host=host)
            smtp.starttls(context=self._context())
            smtp.ehlo()
            if self.mail.smtp_username:
                smtp.login(self.mail.smtp_username, self.mail.smtp_password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise AuthError("the SMTP server refused the sign-in", host=host, user=self.mail.smtp_username,
                            code=str(error.smtp_code)) from None
        except ssl.SSLCertVerificationError:
            raise RemoteError("the SMTP server's TLS certificate is not trusted (check mail.smtp_ca_bundle)",
                              host=host) from None
        except (OSError, smtplib.SMTPException) as error:
            raise TransientRemoteError("the SMTP session failed before sending", host=host,
                                       reason=type(error).__name__) from None

    @staticmethod
    def _transmit(smtp: smtplib.SMTP, sender: str, recipients: Sequence[str], data: bytes, host: str) -> None:
        try:
            refused = smtp.sendmail(sender, list(recipients), data)
        except smtplib.SMTPRecipientsRefused:
            raise RemoteError("the SMTP server refused every recipient", host=host) from None
        except smtplib.SMTPResponseException as error:  # sender refused, DATA refused: not accepted
            raise RemoteError("the SMTP server refused the message", host=host, code=str(error.smtp_code)) from None
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            raise DeliveryUncertain("the SMTP connection was lost while sending", host=host,
                                    reason=type(error).__name__) from None
        if refused:  # accepted for the others: resending would duplicate it for them
            log.warning("mail.recipients_refused", host=host, refused=len(refused), accepted=len(recipients) - len(refused))
