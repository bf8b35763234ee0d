"""What leaves the centre: print files, e-mail drafts and the mailing bundle (P§6, P§8, P§11),
and the e-mail of the signed RA form.

The print files, drafts and bundle are built from documents already produced, in the staging
folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from pypdf import PageObject

from .errors import CeresDocsError
from .kinds import BUNDLE_KIND, KIND, Recipient, order
from .mail import draft, write_draft
from .output import make_folder, output_lock, write_whole, zip_folder
from .pdf import print_ready, readable_pdf
from .plan import Document, plan
from .report import Report
from .rules import InvalidWorkbook, checked_sessions


def _by_session(documents: Iterable[Document]) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        groups[document.session].append(document)
    return groups


def _derived(source: Document, kind: str, stem: str, staging: Path,
             candidate: str | None = None, person: str | None = None) -> tuple[Document, Path]:
    """A document made from source, remembering which one (extra["source"]); it goes to the
    recipient of its kind, or else to the source's."""
    made = KIND[kind]
    document = replace(source, kind=kind, stem=stem, candidate=candidate, person=person,
                       to_dieccte=False, pages=0, path=f"{source.folder}/{stem}{made.suffix}",
                       recipient=made.recipient or source.recipient,
                       extra={"source": source.path})
    return document, staging / document.path


def _mail_stem(source: Document, kind: str) -> str:
    """An e-mail draft is named after the document it attaches: COURRIEL-<its name>."""
    return f"{KIND[kind].prefix}-{source.stem}"


def print_files(documents: list[Document], staging: Path,
                pages: Callable[[Document], Sequence[PageObject]]) -> list[Document]:
    """Per session: the PV général then every PV individuel, each padded to an even count."""
    out = []
    for group in _by_session(documents).values():
        general = [d for d in group if d.kind == "pv-general"]
        individual = [d for d in group if d.kind == "pv-individuel"]
        if not general:
            continue
        session_stem = general[0].stem.removeprefix(KIND["pv-general"].prefix + "_")
        stem = f"{KIND['impression-pv'].prefix}_{session_stem}"
        document, target = _derived(general[0], "impression-pv", stem, staging)
        document.pages = print_ready([pages(d) for d in general + individual], target)
        out.append(document)
    return out


RA_BODY = """Bonjour,

Veuillez trouver ci-joint le formulaire de remise des parchemins de la session n° {numero} \
({code} – {intitule}), qui s'est tenue {dates} au centre {centre}, complété et signé par les \
candidats : {fichier}.

Les livrets, notifications et parchemins qui n'ont pas été retirés vous seront renvoyés par \
courrier postal ou déposés dans vos locaux.

Cordialement,

{centre}
{courriel}{telephone}
"""

CONVOCATION_BODY = """Bonjour {nom},

Veuillez trouver ci-jointe votre convocation {objet} de la session d'examen n° {numero} \
({code} – {intitule}), {dates}, à partir de {heure}. Lieu : {lieu}.

{rappel}Merci de nous confirmer la bonne réception de cette convocation.

Cordialement,

{centre}
{courriel}{telephone}
"""


def ra_subject(context: dict) -> str:
    session = context["session"]
    return (f"Formulaire RA – {session['code']} {session['titre_abrege']} – "
            f"{context['centre']['nom_court']} – session du {session['date_debut']}")


def ra_draft(context: dict, attachment_name: str, attachment: bytes) -> bytes:
    """The e-mail to the DIECCTE certification address with the RA form attached (P§11)."""
    session, centre = context["session"], context["centre"]
    body = RA_BODY.format(
        numero=session["numero"], code=session["code"], intitule=session["intitule"],
        dates=session["dates"], centre=centre["nom"], fichier=attachment_name,
        courriel=centre["courriel"],
        telephone=f" – {centre['telephone']}" if centre["telephone"] else "")
    return draft(centre["courriel"], context["dieccte"]["courriel"], ra_subject(context), body,
                 [(attachment_name, attachment)], sender_name=centre["nom"],
                 recipient_name="DIECCTE – certification")


def documents_reminder(documents: list[str]) -> str:
    """The candidate's e-mail lists what the convocation asks to bring, item by item."""
    lines = [f"- {item}{' ;' if n < len(documents) else '.'}"
             for n, item in enumerate(documents, start=1)]
    return "Présentez-vous à l'heure indiquée muni(e) de :\n" + "\n".join(lines) + "\n\n"


def without_email(document: Document) -> str:
    """A convocation's addressee who has no e-mail address, as generate names them:
    « HOARAU Jean-Hugues (candidat, session 224724) »."""
    return (f"{document.extra.get('full_name', '')} ({KIND[document.kind].addressee}, "
            f"session {document.session})")


def convocation_mails(documents: list[Document], staging: Path
                      ) -> tuple[list[Document], list[Document]]:
    """A draft per person with an e-mail address; returns them, and the convocations of the
    people who have none."""
    out, without = [], []
    for source in documents:
        kind = KIND[source.kind]
        if source.kind not in KIND["courriel-convocation"].sources:
            continue
        email = source.extra.get("email", "")
        if not email:
            without.append(source)
            continue
        session, centre = source.context["session"], source.context["centre"]
        rappel = (documents_reminder(session["documents_a_presenter"])
                  if kind.recipient is Recipient.CANDIDATE else "")
        body = CONVOCATION_BODY.format(
            nom=source.extra.get("name", ""), objet=kind.mail_object, numero=session["numero"],
            code=session["code"], intitule=session["intitule"], dates=session["dates"],
            heure=session["heure_debut"], lieu=session["lieu"] or centre["nom"],
            rappel=rappel, centre=centre["nom"], courriel=centre["courriel"],
            telephone=f" – {centre['telephone']}" if centre["telephone"] else "")
        subject = (f"Convocation – session d'examen {session['code']} "
                   f"{session['titre_abrege']} du {session['date_debut']}")
        name = Path(source.path).name
        content = draft(centre["courriel"], email, subject, body,
                        [(name, (staging / source.path).read_bytes())],
                        sender_name=centre["nom"], recipient_name=source.extra.get("name", ""))
        document, target = _derived(source, "courriel-convocation",
                                    _mail_stem(source, "courriel-convocation"), staging,
                                    candidate=source.candidate, person=source.person)
        write_draft(target, content)
        out.append(document)
    return out, without


def bundle(documents: list[Document], staging: Path) -> list[Document]:
    """envoi/ grouped by recipient, and envoi.zip of it: what leaves today, in one file.
    Nothing when nothing leaves today."""
    root = staging / BUNDLE_KIND
    emailed = {d.extra["source"] for d in documents if d.kind == "courriel-convocation"}
    placed = [(document, place) for document in documents
              if (place := _bundle_place(document, emailed))]
    if not placed:
        return []
    for document, place in placed:
        target = root / place / document.folder / Path(document.path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(staging / document.path, target)
    archive = zip_folder(staging, staging / f"{BUNDLE_KIND}.zip", BUNDLE_KIND)
    return [
        Document(BUNDLE_KIND, "", "", BUNDLE_KIND, {}, batch="", path=BUNDLE_KIND),
        Document(BUNDLE_KIND, "", "", BUNDLE_KIND, {}, batch="", path=Path(archive).name),
    ]


RECIPIENT_NAMES = {Recipient.CANDIDATE: "Candidats", Recipient.JURY: "Jurys et surveillants",
                   Recipient.DIECCTE: "DIECCTE", Recipient.UD: "UD",
                   Recipient.DISPLAY: "Affichage au centre"}


def todays_mail(documents: list[Document]) -> list[str]:
    """What leaves today, one French line per envelope or batch of e-mails: its recipient,
    how it leaves, its session and what it holds (« DIECCTE, par la poste – session 224633 :
    1 PV général, 3 PV individuels, 1 bordereau d'envoi à la DIECCTE »)."""
    emailed = {d.extra["source"] for d in documents if d.kind == "courriel-convocation"}
    batches: dict[tuple[str, str, str], dict[str, int]] = {}
    for document in documents:
        place = _bundle_place(document, emailed)
        if place is None or document.recipient is None:
            continue
        by_mail = KIND[document.kind].channel == "courriels"
        how = {Recipient.DISPLAY: "à imprimer et afficher",
               Recipient.UD: "par courriel ou par la poste"}.get(
            document.recipient, "par courriel (brouillons à envoyer)" if by_mail
            else "par la poste")
        key = (RECIPIENT_NAMES[document.recipient], how, document.session)
        counts = batches.setdefault(key, {})
        counts[document.kind] = counts.get(document.kind, 0) + 1
    return [f"{who}, {how} – session {session} : "
            + ", ".join(f"{n} {KIND[kind].label_for(n)}" for kind, n in sorted(
                counts.items(), key=lambda item: order(item[0])))
            for (who, how, session), counts in sorted(batches.items(),
                                                      key=lambda b: (b[0][2], b[0][0], b[0][1]))]


def _bundle_place(document: Document, emailed: set[str]) -> str | None:
    """Where a document goes in envoi/: its recipient's folder, then its kind's channel
    (envoi/candidats/courrier-postal). Never there: what does not leave today, what the
    centre keeps, the PV individuel of an admitted candidate (P§8), a convocation that leaves
    by e-mail."""
    kind = KIND.get(document.kind)
    recipient = document.recipient
    if (kind is None or not document.sent or recipient is None or recipient is Recipient.CENTRE
            or document.path in emailed):
        return None
    if kind.to_dieccte and not document.to_dieccte:
        return None
    return "/".join(filter(None, (recipient.value, kind.channel)))


def signed_ra_mail(document: Document, scan: Path, out: Path) -> tuple[Path, Path]:
    """The signed, scanned RA form under its conventional name, and the draft around it."""
    name = f"{document.stem}.pdf"
    content = scan.read_bytes()
    pdf, eml = out / name, out / f"COURRIEL-{document.stem}.eml"
    write_whole(pdf, content)
    message = ra_draft(document.context, name, content)
    write_whole(eml, message)
    return pdf, eml


def ra_mail(workbook: Path, session: str, scan: Path, out: Path,
            today: dt.date | None = None) -> tuple[Path, Path]:
    """From the scan of the signed RA form: the file to send and its e-mail draft (P§11)."""
    readable_pdf(scan)
    book, report, found = checked_sessions(workbook, today or dt.date.today())
    if session not in book.sessions:
        raise CeresDocsError(f"Session « {session} » inconnue dans la feuille Sessions.")
    if session in found.sessions:
        raise InvalidWorkbook(Report(found.sessions[session]),
                              f"La session {session} contient des erreurs : corrigez-les, "
                              "rien n'a été écrit.")
    forms = plan(book, [session], ["formulaire-ra"], today, on_request=True)
    if not forms:
        raise CeresDocsError(
            f"La session {session} n'a pas de « Date réception parchemins » (feuille "
            "Sessions) : le formulaire RA ne se prépare qu'après réception des parchemins.")
    with output_lock(out):
        make_folder(out)
        return signed_ra_mail(forms[0], scan, out)
