"""A session's life: each run produces what the session's stage calls for that day, leaves the
documents of a stage that is over as they were, and puts in envoi/ exactly what leaves that
day. A session with errors of its own is left out; the others are produced."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import CCP_1, GRONDIN, PAYET, Book, manifest, minimal_book, run, sha256
from builders import write as write_book
from pypdf import PdfReader

D = dt.date
DAY = D(2026, 6, 15)  # the day of the run
RESULTS = {PAYET: ("Présent", "Admis", None, None),
           GRONDIN: ("Présent", "Partiellement admis", CCP_1, "Grille 2 incomplète.")}
EXAM = {"Date de début": D(2026, 5, 4), "Date de fin": D(2026, 5, 6),
        "Date réelle de fin": D(2026, 5, 6), "Date commande DTE": D(2026, 3, 2)}
PV_BACK = {**EXAM, "Statut": "Clôturée", "Date envoi PV": D(2026, 5, 20),
           "Date réception PV validés": D(2026, 6, 1)}
EARLY = {"Date de début": D(2026, 1, 5), "Date de fin": D(2026, 1, 7),
         "Date réelle de fin": D(2026, 1, 7), "Date commande DTE": D(2025, 11, 3),
         "Statut": "Clôturée", "Date réception PV validés": D(2026, 2, 20),
         "Date retrait des plis": D(2026, 2, 25), "Date réception parchemins": D(2026, 3, 1),
         "Date envoi formulaire RA": D(2026, 5, 2)}
# Session → (its stage on DAY, what its row says, results typed, parchemins collected)
SESSIONS = {
    "300001": ("en préparation", {"Date de début": D(2026, 9, 7), "Date de fin": D(2026, 9, 9),
                                  "Statut": "En préparation", "Date commande DTE": None},
               False, {}),
    "300002": ("DTE commandé", {"Date de début": D(2026, 9, 14), "Date de fin": D(2026, 9, 16),
                                "Statut": "Demande de DTE envoyée",
                                "Date commande DTE": D(2026, 6, 1)}, False, {}),
    "300003": ("convoqués", {"Date de début": D(2026, 7, 6), "Date de fin": D(2026, 7, 8),
                             "Statut": "Convocations envoyées",
                             "Date commande DTE": D(2026, 5, 4)}, False, {}),
    "300004": ("épreuves passées", {"Date de début": D(2026, 6, 10), "Date de fin": D(2026, 6, 12),
                                    "Statut": "Convocations envoyées",
                                    "Date commande DTE": D(2026, 4, 6)}, False, {}),
    "300005": ("résultats saisis", {**EXAM, "Statut": "Résultats saisis"}, True, {}),
    "300006": ("PV envoyés", {**EXAM, "Statut": "Clôturée", "Date envoi PV": D(2026, 5, 20)},
               True, {}),
    "300007": ("PV validés reçus", PV_BACK, True, {}),
    "300008": ("plis retirés", {**PV_BACK, "Date retrait des plis": D(2026, 6, 5)}, True, {}),
    "300009": ("parchemins reçus", {**PV_BACK, "Date retrait des plis": D(2026, 6, 5),
                                    "Date réception parchemins": D(2026, 6, 10)}, True, {}),
    "300010": ("formulaire RA envoyé", EARLY, True, {PAYET: D(2026, 3, 10)}),
    "300011": ("clôturée", {**EARLY, "Date retour documents": D(2026, 5, 10)}, True,
               {PAYET: D(2026, 3, 10)}),
    "300012": ("annulée", {"Date de début": D(2026, 10, 5), "Date de fin": D(2026, 10, 7),
                           "Statut": "Annulée", "Date commande DTE": None}, False, {}),
}


def stage_book(sessions: dict = SESSIONS) -> Book:
    """The minimal workbook's centre, title, candidates and jury, one session per stage."""
    book = minimal_book()
    model = {**book["Sessions"][0], "Date réelle de fin": None}
    jury = book["Intervenants"]
    book["Sessions"], book["Inscriptions"], book["Intervenants"] = [], [], []
    for number, (_stage, row, results, collected) in sessions.items():
        book["Sessions"].append({**model, **row, "N° session": number})
        for candidate, (presence, result, ccps, comment) in RESULTS.items():
            book["Inscriptions"].append({
                "N° session": number, "N° CERES": candidate,
                **({"Présence": presence, "Résultat": result, "CCP obtenus": ccps,
                    "Commentaire": comment} if results else {}),
                "Date retrait parchemin": collected.get(candidate)})
        book["Intervenants"] += [{**person, "N° session": number} for person in jury]
    return book


def generate(workbook: Path, out: Path, *args: object, day: dt.date = DAY):
    return run("generate", workbook, "--out", out, "--today", day.isoformat(), *args)


def kinds_by_session(out: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entry in manifest(out):
        if entry["session"]:
            found.setdefault(entry["session"], set()).add(entry["kind"])
    return found


def sent(out: Path) -> set[tuple[str, ...]]:
    """envoi/'s files as (recipient folder…, session folder, prefix of the file name)."""
    root = out / "envoi"
    return {(*path.relative_to(root).parts[:-1], path.name.split("_")[0])
            for path in root.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The workbook of every stage, generated on DAY."""
    folder = tmp_path_factory.mktemp("cycle")
    workbook = write_book(stage_book(), folder)
    out = folder / "documents"
    result = generate(workbook, out)
    assert result.exit_code == 0, result.output
    return workbook, out, result.output


def test_each_session_has_its_stage(tmp_path):
    result = run("agenda", write_book(stage_book(), tmp_path), "--today", DAY.isoformat(),
                 "--json")
    stages = {s["session"]: s["stage"] for s in json.loads(result.stdout)["sessions"]}
    assert stages == {number: stage for number, (stage, *_) in SESSIONS.items()
                      if stage != "annulée"}
    table = run("agenda", write_book(stage_book(), tmp_path), "--today", DAY.isoformat())
    assert "  Session 300008 ECSR du 04/05/2026 au 06/05/2026 : plis retirés" in table.output


def test_each_session_gets_what_its_stage_calls_for(year):
    _, out, _ = year
    convocations = {"convocation-candidat", "convocation-jury", "courriel-convocation"}
    pvs = {"pv-individuel", "pv-general", "bordereau-dieccte", "impression-pv"}
    assert kinds_by_session(out) == {
        "300001": convocations, "300002": convocations, "300003": convocations,
        "300005": pvs, "300008": {"affichage"}, "300009": {"formulaire-ra"},
        "300010": {"bordereau-retour"}}


def test_envoi_holds_exactly_what_leaves_today(year):
    _, out, output = year
    assert sent(out) == {
        ("candidats", "courriels", "300002_ECSR_14092026", "COURRIEL-CONV"),
        ("candidats", "courrier-postal", "300002_ECSR_14092026", "CONV"),
        ("jurys", "courriels", "300002_ECSR_14092026", "COURRIEL-CONVJURY"),
        ("jurys", "courrier-postal", "300002_ECSR_14092026", "CONVJURY"),
        ("DIECCTE", "300005_ECSR_04052026", "BORDEREAU-DIECCTE"),
        ("DIECCTE", "PV-a-poster", "300005_ECSR_04052026", "PVG"),
        ("DIECCTE", "PV-a-poster", "300005_ECSR_04052026", "PVI"),
        ("affichage", "300008_ECSR_04052026", "AFFICHAGE"),
        ("DIECCTE", "300010_ECSR_05012026", "BORDEREAU-RETOUR"),
    }
    # the PV individuel of the candidate admitted in full stays at the centre (P§8)
    assert [p.name for p in (out / "envoi").rglob("PVI_*")] == [
        "PVI_TP-01303_ECSR_STANDRE_04052026_GRONDIN_Aurelie.pdf"]
    assert (out / "envoi.zip").is_file()
    tail = output[output.index("À envoyer aujourd'hui"):].splitlines()
    assert tail[1:] == [
        "  - Candidats, par courriel (brouillons à envoyer) – session 300002 : 1 courriel de "
        "convocation (brouillon .eml)",
        "  - Candidats, par la poste – session 300002 : 1 convocation d'un candidat",
        "  - Jurys et surveillants, par courriel (brouillons à envoyer) – session 300002 : 1 "
        "courriel de convocation (brouillon .eml)",
        "  - Jurys et surveillants, par la poste – session 300002 : 1 convocation d'un jury",
        "  - DIECCTE, par la poste – session 300005 : 1 PV général, 1 PV individuel, 1 "
        "bordereau d'envoi à la DIECCTE",
        "  - Affichage au centre, à imprimer et afficher – session 300008 : 1 liste des "
        "résultats à afficher",
        "  - DIECCTE, par la poste – session 300010 : 1 bordereau de retour des documents non "
        "retirés"]


def test_no_ra_email_draft_from_generate(year):
    """The RA form leaves signed, through « ceres-docs ra-mail », never as printed."""
    _, out, _ = year
    assert not list(out.rglob("COURRIEL-RA*"))


def text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_signed_pvs_are_dated_at_the_deliberation_and_letters_on_the_day(year):
    _, out, _ = year
    folder = out / "300005_ECSR_04052026"
    for pv in [*folder.glob("PVG_*.pdf"), *folder.glob("PVI_*.pdf")]:
        assert "le 06/05/2026" in text(pv), pv.name
        assert "15/06/2026" not in text(pv), pv.name
    [convocation] = (out / "300002_ECSR_14092026").glob("CONV_*PAYET*.pdf")
    assert "le 15/06/2026" in text(convocation)


def test_the_manifest_dates_each_document(year):
    _, out, _ = year
    assert {entry["produced"] for entry in manifest(out)} == {"2026-06-15"}


def test_nothing_due_says_so_and_leaves_no_envoi(tmp_path):
    only = {"300004": SESSIONS["300004"]}
    workbook = write_book(stage_book(only), tmp_path)
    out = tmp_path / "documents"
    (out / "envoi").mkdir(parents=True)  # yesterday's mail, gone
    (out / "envoi.zip").write_bytes(b"old")
    result = generate(workbook, out)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Aucun document à produire aujourd'hui pour ces sessions.\n"
                                  "À envoyer aujourd'hui : rien.\n")
    assert not (out / "envoi").exists() and not (out / "envoi.zip").exists()


def test_a_later_run_leaves_no_stale_envoi(tmp_path):
    """Day 1 sends the convocations; a later run with nothing to send, or in DOCX only (no
    PDF, hence no mail), leaves neither yesterday's envoi/ nor its manifest entries."""
    only = {"300002": SESSIONS["300002"]}
    workbook = write_book(stage_book(only), tmp_path)
    for later in (("--today", "2026-09-15"), ("--no-pdf",)):
        out = tmp_path / later[0].strip("-")
        assert generate(workbook, out).exit_code == 0
        assert (out / "envoi").is_dir() and (out / "envoi.zip").is_file()
        result = run("generate", workbook, "--out", out, "--today", DAY.isoformat(), *later)
        assert result.exit_code == 0, result.output
        assert not (out / "envoi").exists() and not (out / "envoi.zip").exists()
        assert [e for e in manifest(out) if e["kind"] == "envoi"] == []


def test_a_stage_over_leaves_its_documents_as_they_were(tmp_path):
    """Day 1: results entered, the PVs are produced and leave. Day 2: the PVs were posted
    (« Date envoi PV »): they stay byte for byte, dated day 1, and no longer leave."""
    only = {"300005": SESSIONS["300005"], "300002": SESSIONS["300002"]}
    book = stage_book(only)
    out = tmp_path / "documents"
    assert generate(write_book(book, tmp_path), out).exit_code == 0
    folder = out / "300005_ECSR_04052026"
    before = {path.name: sha256(path) for path in folder.iterdir()}
    assert len(before) == 5  # 2 PVI, PVG, bordereau, print file
    book["Sessions"][0]["Date envoi PV"] = D(2026, 6, 16)
    second = generate(write_book(book, tmp_path), out, day=D(2026, 6, 17))
    assert second.exit_code == 0, second.output
    assert {path.name: sha256(path) for path in folder.iterdir()} == before
    dates = {e["path"].split("/")[0]: e["produced"] for e in manifest(out) if e["session"]}
    assert dates == {"300005_ECSR_04052026": "2026-06-15", "300002_ECSR_14092026": "2026-06-17"}
    assert {parts[0] for parts in sent(out)} == {"candidats", "jurys"}


def test_a_convocation_is_never_rewritten_after_the_exam_has_begun(tmp_path):
    only = {"300003": SESSIONS["300003"]}
    workbook = write_book(stage_book(only), tmp_path)
    out = tmp_path / "documents"
    assert generate(workbook, out).exit_code == 0
    folder = out / "300003_ECSR_06072026"
    before = {path.name: sha256(path) for path in folder.iterdir()}
    result = generate(workbook, out, day=D(2026, 7, 7))
    assert result.exit_code == 0, result.output
    assert {path.name: sha256(path) for path in folder.iterdir()} == before


def test_a_kind_asked_for_by_name_is_produced_whatever_the_stage_and_never_sent(tmp_path):
    workbook = write_book(stage_book(), tmp_path)
    out = tmp_path / "documents"
    result = generate(workbook, out, "--session", "300007", "--only", "pv-general")
    assert result.exit_code == 0, result.output
    assert "Produits à la demande, quelle que soit l'étape de la session" in result.output
    assert [e["kind"] for e in manifest(out)] == ["pv-general"]
    assert not (out / "envoi").exists()
    assert result.output.endswith("À envoyer aujourd'hui : rien.\n")


def test_the_results_are_displayed_only_once_the_plis_are_collected(tmp_path):
    workbook = write_book(stage_book(), tmp_path)
    result = generate(workbook, tmp_path / "d", "--session", "300007", "--only", "affichage")
    assert result.exit_code == 1
    assert "l'affichage des résultats n'est permis qu'une fois les plis des PV validés " \
           "retirés (P§10)" in result.output


def test_the_return_slip_waits_for_the_ra_deadline(tmp_path):
    """Parchemins received on 01/03, a candidate still to collect: the slip comes on 01/05."""
    row = {**EARLY, "Date envoi formulaire RA": None}
    workbook = write_book(stage_book({"300010": ("", row, True, {PAYET: D(2026, 3, 10)})}),
                          tmp_path)
    before = generate(workbook, tmp_path / "avant", day=D(2026, 4, 30))
    assert kinds_by_session(tmp_path / "avant") == {"300010": {"formulaire-ra"}}, before.output
    generate(workbook, tmp_path / "apres", day=D(2026, 5, 1))
    assert kinds_by_session(tmp_path / "apres") == {"300010": {"formulaire-ra",
                                                               "bordereau-retour"}}


# Problems are scoped


def spoiled_book() -> Book:
    """Two sessions due today; 300002's jury member's habilitation ended before it."""
    book = stage_book({"300002": SESSIONS["300002"], "300005": SESSIONS["300005"]})
    book["Intervenants"][0]["Fin d'habilitation"] = D(2026, 6, 30)
    return book


def test_a_session_with_errors_is_left_out_and_the_others_are_produced(tmp_path):
    workbook = write_book(spoiled_book(), tmp_path)
    out = tmp_path / "documents"
    (out / "300002_ECSR_14092026").mkdir(parents=True)
    (out / "300002_ECSR_14092026" / "ancien.pdf").write_bytes(b"%PDF")
    result = generate(workbook, out)
    assert result.exit_code == 1
    assert "1 session non produite à cause de ses erreurs (son dossier reste tel qu'il " \
           "était) : 300002." in result.output
    assert "Erreur   Intervenants  G2       Fin d'habilitation" in result.output
    assert set(kinds_by_session(out)) == {"300005"}
    assert [p.name for p in (out / "300002_ECSR_14092026").iterdir()] == ["ancien.pdf"]
    assert {parts[0] for parts in sent(out)} == {"DIECCTE"}


def test_strict_produces_nothing_at_the_first_error(tmp_path):
    out = tmp_path / "documents"
    result = generate(write_book(spoiled_book(), tmp_path), out, "--strict")
    assert result.exit_code == 1
    assert result.output.endswith("Erreur : Le classeur contient des erreurs : aucun document "
                                  "n'a été produit.\n")
    assert not out.exists()


@pytest.mark.parametrize("spoil", ["parameters", "shared centre"])
def test_an_error_of_the_whole_workbook_stops_everything(tmp_path, spoil):
    book = stage_book({"300002": SESSIONS["300002"], "300005": SESSIONS["300005"]})
    if spoil == "parameters":
        book["Paramètres"] = book["Paramètres"][1:]  # no Organisme
    else:
        book["Centres"][0]["Courriel examen"] = "pas une adresse"
    out = tmp_path / "documents"
    result = generate(write_book(book, tmp_path), out)
    assert result.exit_code == 1
    assert result.output.endswith("n'a été produit.\n")
    assert not out.exists()


def test_an_error_in_a_centre_of_one_session_holds_back_that_session_only(tmp_path):
    book = stage_book({"300002": SESSIONS["300002"], "300005": SESSIONS["300005"]})
    book["Centres"].append({**book["Centres"][0], "Code centre": "CFPAD", "Nom court": "STP",
                            "Courriel examen": "pas une adresse"})
    book["Agréments"].append({**book["Agréments"][0], "Code centre": "CFPAD"})
    book["Sessions"][0]["Code centre"] = "CFPAD"
    out = tmp_path / "documents"
    result = generate(write_book(book, tmp_path), out)
    assert result.exit_code == 1, result.output
    assert set(kinds_by_session(out)) == {"300005"}


