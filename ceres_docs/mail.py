"""E-mail drafts (.eml) built with the standard email package, opened ready to send."""

from __future__ import annotations

from collections.abc import Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import formatdate, make_msgid
from functools import lru_cache
from pathlib import Path

# CRLF throughout (headers, body, MIME parts): Outlook shows LF-only drafts badly.
POLICY = policy.default.clone(linesep="\r\n")


def draft(sender: str, recipient: str, subject: str, body: str,
          attachments: Sequence[tuple[str, bytes]], sender_name: str = "",
          recipient_name: str = "") -> bytes:
    """An RFC 5322 message; X-Unsent makes Outlook open it as a draft to send."""
    message = EmailMessage(POLICY)
    for name, value in (("From", _address(sender_name, sender)),
                        ("To", _address(recipient_name, recipient)),
                        ("Subject", subject), ("Date", formatdate(localtime=True)),
                        ("Message-ID", make_msgid(domain=sender.rpartition("@")[2] or None)),
                        ("X-Unsent", "1")):
        message.set_raw(name, _folded(name, str(value)))
    message.set_content(body)
    for name, content in attachments:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    for part in message.iter_parts():
        _prefold(part)
    return message.as_bytes()


@lru_cache(maxsize=1024)
def _folded(name: str, value: str) -> str:
    """A header's value folded (and encoded) as the email package writes it, worked out once
    per distinct value: a session's sender, subject and part headers repeat in every draft,
    and folding is most of the cost of writing one."""
    return POLICY.header_factory(name, value).fold(policy=POLICY)[len(name) + 2:].rstrip("\r\n")


def _prefold(part: MIMEPart) -> None:
    """The part's headers, in their order, replaced by their folded values: written as they
    are, not folded again."""
    items = [(name, str(value)) for name, value in part.items()]
    for name in dict.fromkeys(name for name, _ in items):
        del part[name]
    for name, value in items:
        part.set_raw(name, _folded(name, value))


def _address(name: str, email: str) -> Address | str:
    user, _, domain = email.partition("@")
    if not domain:
        return email
    return Address(display_name=name, username=user, domain=domain)


def write_draft(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
