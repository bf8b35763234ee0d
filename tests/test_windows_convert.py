"""The Windows desktop path of conversion and drafts, emulated on Linux: platform switches,
fake winreg, kernel32 and subprocess."""

from __future__ import annotations

import email
from email import policy

from ceres_docs import mail

LONG_SUBJECT = ("Convocations de la session 2026-014 « Agent de restauration » : "
                "candidats, jury et surveillants, à envoyer avant le vendredi")


def test_a_draft_has_crlf_line_endings_everywhere_and_reads_back():
    body = "Bonjour,\n\nVeuillez trouver ci-joint les documents.\nCordialement,\nÉquipe\n"
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 20
    content = mail.draft("ceres@example.org", "jury@example.org", LONG_SUBJECT, body,
                         [("pv-session-2026-014.pdf", pdf)], sender_name="Équipe CERES",
                         recipient_name="Anne Rivière")
    lines = content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded header, folded with CRLF
    message = email.message_from_bytes(content, policy=policy.default)
    assert message["Subject"] == LONG_SUBJECT
    assert message["To"] == "Anne Rivière <jury@example.org>"
    assert message["From"] == "Équipe CERES <ceres@example.org>"
    assert message["X-Unsent"] == "1"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.replace("\r\n", "\n") == body
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "pv-session-2026-014.pdf"
    assert attachment.get_content() == pdf
