"""E-mail drafts (.eml) built with the standard email package, opened ready to send."""

from __future__ import annotations

from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path


def draft(sender: str, recipient: str, subject: str, body: str,
          attachments: Sequence[tuple[str, bytes]], sender_name: str = "",
          recipient_name: str = "") -> bytes:
    """An RFC 5322 message; X-Unsent makes Outlook open it as a draft to send."""
    message = EmailMessage()
    message["From"] = _address(sender_name, sender)
    message["To"] = _address(recipient_name, recipient)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["X-Unsent"] = "1"
    message.set_content(body)
    for name, content in attachments:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


def _address(name: str, email: str) -> Address | str:
    user, _, domain = email.partition("@")
    if not domain:
        return email
    return Address(display_name=name, username=user, domain=domain)


def write_draft(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
