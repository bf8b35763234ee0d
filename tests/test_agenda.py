"""The agenda: each task's due date and state on fixed days, the table, JSON and .ics."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from builders import CCP_2, SESSION, Book, full_book, minimal_book, run, sha256, write
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ceres_docs.agenda import fold, ics_text
from ceres_docs.cli import cli

D = dt.date
LATER = D(2030, 12, 31)


def agenda(path: Path, today: dt.date | str, *options: object):
    """ceres-docs agenda on a workbook, which must come out byte for byte unchanged."""
    before = sha256(path)
    result = run("agenda", path, "--today", today, *options)
    assert sha256(path) == before
    return result


def items(book: Book, tmp_path: Path, today: dt.date) -> list[dict]:
    result = agenda(write(book, tmp_path), today, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["items"]


def pinned(book: Book, tmp_path: Path, today: dt.date,
           session: str = SESSION) -> dict[str, tuple[str | None, str]]:
    """Task code → (due date, state) for one session."""
    return {i["task"]: (i["due"], i["state"]) for i in items(book, tmp_path, today)
            if i["session"] == session}


def message(book: Book, tmp_path: Path, today: dt.date, task: str) -> str:
    [found] = [i["message"] for i in items(book, tmp_path, today) if i["task"] == task]
    return found


def planned(start: dt.date, end: dt.date | None = None, kind: str = "Titre") -> Book:
    """The minimal book's session, still « En préparation »: no DTE, no results."""
    book = minimal_book()
    book["Sessions"][0].update({
        "Type": kind, "Code CCP": CCP_2 if kind == "CCP" else None,
        "Date de début": start, "Date de fin": end or start, "Date réelle de fin": None,
        "Statut": "En préparation", "Date commande DTE": None,
    })
    for row in book["Inscriptions"]:
        row.update({"Présence": None, "Résultat": None, "CCP obtenus": None,
                    "Commentaire": None})
    book["Agréments"][0]["Date de fin"] = LATER
    for person in book["Intervenants"]:
        person["Fin d'habilitation"] = LATER
    return book


def received(parchemins: dt.date, *collected: dt.date | None) -> Book:
    """The minimal book, closed, parchemins received, each candidate's collection date."""
    book = minimal_book()
    book["Sessions"][0].update({"Statut": "Clôturée", "Date réception PV validés": D(2026, 4, 1),
                                "Date réception parchemins": parchemins})
    for row, day in zip(book["Inscriptions"], collected, strict=True):
        row["Date retrait parchemin"] = day
    return book


# Convocations and DTE (P§5, P§6)


@pytest.mark.parametrize(("start", "due"), [
    (D(2027, 3, 31), "2027-02-28"),
    (D(2028, 3, 31), "2028-02-29"),
    (D(2028, 3, 30), "2028-02-29"),
    (D(2027, 3, 30), "2027-02-28"),
    (D(2027, 3, 15), "2027-02-15"),
    (D(2027, 1, 10), "2026-12-10"),
])
def test_title_convocations_are_due_one_month_before(start, due, tmp_path):
    tasks = pinned(planned(start), tmp_path, D(2026, 11, 25))
    assert tasks["convocations"] == (due, "a-faire")
    assert tasks["dte"] == (due, "a-faire")


def test_convocations_late_the_day_after_and_done_once_sent(tmp_path):
    book = planned(D(2027, 3, 31))
    assert pinned(book, tmp_path, D(2027, 2, 28))["convocations"] == ("2027-02-28", "a-faire")
    assert pinned(book, tmp_path, D(2027, 3, 1))["convocations"] == ("2027-02-28", "en-retard")
    book["Sessions"][0].update({"Statut": "Convocations envoyées",
                                "Date commande DTE": D(2027, 1, 4)})
    tasks = pinned(book, tmp_path, D(2027, 3, 1))
    assert tasks["convocations"] == ("2027-02-28", "fait")
    assert tasks["dte"] == ("2027-02-28", "fait")


def test_ccp_convocations_are_due_15_days_before(tmp_path):
    book = planned(D(2027, 3, 1), kind="CCP")
    assert pinned(book, tmp_path, D(2027, 2, 14))["convocations"] == ("2027-02-14", "a-faire")
    assert pinned(book, tmp_path, D(2027, 2, 15))["convocations"] == ("2027-02-14", "en-retard")
    text = message(book, tmp_path, D(2027, 2, 15), "convocations")
    assert text == ("Session 224566 ECSR (CCP CP-00002) le 01/03/2027 : envoyez les convocations "
                    "des candidats, jurys et surveillants (modèles CERES, papier à en-tête AFPAR) "
                    "au plus tard le 14/02/2027, 15 jours avant une session CCP ; passez "
                    "ensuite le statut à « Convocations envoyées » (P§6).")


def test_dte_is_done_by_its_order_date_or_by_the_status(tmp_path):
    book = planned(D(2027, 3, 31))
    assert pinned(book, tmp_path, D(2027, 3, 1))["dte"] == ("2027-02-28", "en-retard")
    assert "commandez le DTE dans CERES" in message(book, tmp_path, D(2027, 3, 1), "dte")
    book["Sessions"][0]["Date commande DTE"] = D(2027, 1, 4)
    assert pinned(book, tmp_path, D(2027, 3, 1))["dte"] == ("2027-02-28", "fait")
    assert message(book, tmp_path, D(2027, 3, 1), "dte").endswith(
        ": DTE commandé le 04/01/2027 (P§5).")
    book["Sessions"][0].update({"Date commande DTE": None, "Statut": "Demande de DTE envoyée"})
    tasks = pinned(book, tmp_path, D(2027, 3, 1))
    assert tasks["dte"] == ("2027-02-28", "fait")
    assert tasks["convocations"] == ("2027-02-28", "en-retard")


def test_a_planned_session_has_no_later_tasks_yet(tmp_path):
    assert pinned(planned(D(2027, 3, 31)), tmp_path, D(2026, 11, 25)) == {
        "dte": ("2027-02-28", "a-faire"),
        "convocations": ("2027-02-28", "a-faire"),
        "resultats": ("2027-03-31", "a-faire"),
    }


# Results (N, P§7)


def test_results_are_due_at_the_end_real_end_date_first(tmp_path):
    book = planned(D(2026, 3, 2), D(2026, 3, 4))
    book["Sessions"][0]["Statut"] = "Convocations envoyées"
    assert pinned(book, tmp_path, D(2026, 3, 4))["resultats"] == ("2026-03-04", "a-faire")
    assert pinned(book, tmp_path, D(2026, 3, 5))["resultats"] == ("2026-03-04", "en-retard")
    assert message(book, tmp_path, D(2026, 3, 5), "resultats") == (
        "Session 224566 ECSR du 02/03/2026 au 04/03/2026 : après l'examen (fin prévue le "
        "04/03/2026), saisissez d'abord la date réelle de fin, puis les résultats de chaque "
        "candidat (présence, résultat, commentaire validé par le RS), dans CERES et dans le "
        "classeur (N, P§7).")
    book["Sessions"][0]["Date réelle de fin"] = D(2026, 3, 6)
    assert pinned(book, tmp_path, D(2026, 3, 6))["resultats"] == ("2026-03-06", "a-faire")
    assert pinned(book, tmp_path, D(2026, 3, 7))["resultats"] == ("2026-03-06", "en-retard")
    assert ("date réelle de fin saisie (06/03/2026) : saisissez maintenant les résultats de 2 "
            "candidats sur 2") in message(book, tmp_path, D(2026, 3, 7), "resultats")


def test_results_done_when_all_entered_or_by_the_status(tmp_path):
    book = minimal_book()
    book["Sessions"][0]["Statut"] = "Convocations envoyées"
    assert pinned(book, tmp_path, D(2026, 4, 1))["resultats"] == ("2026-03-04", "fait")
    book["Inscriptions"][0].update({"Présence": None, "Résultat": None})
    assert pinned(book, tmp_path, D(2026, 4, 1))["resultats"] == ("2026-03-04", "en-retard")
    assert "les résultats de 1 candidat sur 2" in message(book, tmp_path, D(2026, 4, 1),
                                                          "resultats")
    book["Sessions"][0]["Statut"] = "Résultats saisis"
    assert pinned(book, tmp_path, D(2026, 4, 1))["resultats"] == ("2026-03-04", "fait")


# PVs and closing (P§8, P§9)


def test_pvs_and_closing_come_once_results_are_entered(tmp_path):
    book = minimal_book()
    assert pinned(book, tmp_path, D(2026, 4, 1)) == {
        "dte": ("2026-02-02", "fait"),
        "convocations": ("2026-02-02", "fait"),
        "resultats": ("2026-03-04", "fait"),
        "envoi-pv": (None, "a-faire"),
        "cloture": (None, "a-faire"),
    }
    assert message(book, tmp_path, D(2026, 4, 1), "envoi-pv") == (
        "Session 224566 ECSR du 02/03/2026 au 04/03/2026 : imprimez les PV en recto verso, "
        "faites-les signer (le PV général par chaque membre du jury) et postez les originaux à "
        "la DIECCTE : 1 PV individuel + le PV général (candidats partiellement admis, refusés "
        "ou absents ; jamais ceux des admis) ; saisissez ensuite la date d'envoi (P§8).")


def test_pv_count_names_every_candidate_not_admitted_in_full(tmp_path):
    book = full_book()
    book["Sessions"][0].update({"Statut": "Résultats saisis", "Date réception PV validés": None,
                                "Date réception parchemins": None})
    [text] = [i["message"] for i in items(book, tmp_path, D(2026, 4, 1))
              if i["task"] == "envoi-pv" and i["session"] == SESSION]
    assert ": 4 PV individuels + le PV général (" in text


def test_pvs_sent_then_received_then_closed(tmp_path):
    book = minimal_book()
    book["Sessions"][0]["Date envoi PV"] = D(2026, 3, 10)
    tasks = pinned(book, tmp_path, D(2026, 4, 1))
    assert tasks["envoi-pv"] == (None, "fait")
    assert tasks["cloture"] == (None, "a-faire")
    book["Sessions"][0].update({"Date envoi PV": None, "Date réception PV validés": D(2026, 4, 1)})
    tasks = pinned(book, tmp_path, D(2026, 4, 2))
    assert tasks["envoi-pv"] == tasks["cloture"] == (None, "fait")
    book["Sessions"][0].update({"Date réception PV validés": None, "Statut": "Clôturée"})
    tasks = pinned(book, tmp_path, D(2026, 4, 2))
    assert tasks["envoi-pv"] == (None, "a-faire")
    assert tasks["cloture"] == (None, "fait")


# Parchemins (P§11)


def test_ra_form_due_two_months_after_reception_while_someone_has_not_collected(tmp_path):
    book = received(D(2026, 5, 4), D(2026, 5, 10), None)
    assert pinned(book, tmp_path, D(2026, 7, 4)) == {
        "dte": ("2026-02-02", "fait"),
        "convocations": ("2026-02-02", "fait"),
        "resultats": ("2026-03-04", "fait"),
        "envoi-pv": (None, "fait"),
        "cloture": (None, "fait"),
        "formulaire-ra": ("2026-07-04", "a-faire"),
        "retour-documents": ("2026-07-04", "a-faire"),
    }
    tasks = pinned(book, tmp_path, D(2026, 7, 5))
    assert tasks["formulaire-ra"] == tasks["retour-documents"] == ("2026-07-04", "en-retard")
    assert "1 candidat n'a pas retiré ses documents (livret, notification, parchemin) : s'ils " \
           "ne sont pas retirés le 04/07/2026, renvoyez-les à la DIECCTE" in message(
               book, tmp_path, D(2026, 7, 5), "retour-documents")


def test_ra_form_due_at_the_last_collection(tmp_path):
    book = received(D(2026, 5, 4), D(2026, 5, 10), D(2026, 5, 20))
    tasks = pinned(book, tmp_path, D(2026, 5, 21))
    assert tasks["formulaire-ra"] == ("2026-05-20", "en-retard")
    assert "retour-documents" not in tasks
    assert "tous les documents sont retirés" in message(book, tmp_path, D(2026, 5, 21),
                                                        "formulaire-ra")


def test_ra_form_never_later_than_two_months(tmp_path):
    book = received(D(2026, 5, 4), D(2026, 5, 10), D(2026, 8, 1))
    assert pinned(book, tmp_path, D(2026, 6, 1))["formulaire-ra"] == ("2026-07-04", "a-faire")


def test_ra_form_two_months_at_a_month_end(tmp_path):
    book = received(D(2026, 12, 31), None, None)
    book["Agréments"][0]["Date de fin"] = LATER
    tasks = pinned(book, tmp_path, D(2027, 1, 15))
    assert tasks["formulaire-ra"] == tasks["retour-documents"] == ("2027-02-28", "a-faire")


def test_ra_form_and_return_done_once_their_dates_are_entered(tmp_path):
    book = received(D(2026, 5, 4), D(2026, 5, 10), None)
    book["Sessions"][0].update({"Date envoi formulaire RA": D(2026, 7, 1),
                                "Date retour documents": D(2026, 7, 6)})
    tasks = pinned(book, tmp_path, D(2026, 8, 1))
    assert tasks["formulaire-ra"] == tasks["retour-documents"] == ("2026-07-04", "fait")


def test_no_parchemins_no_ra_tasks(tmp_path):
    assert {"formulaire-ra", "retour-documents"}.isdisjoint(
        pinned(minimal_book(), tmp_path, D(2026, 8, 1)))


# Agrément (P§2)


def test_session_after_the_agrement_tells_the_dieccte_within_a_year(tmp_path):
    book = planned(D(2027, 1, 11), D(2027, 1, 13))
    book["Agréments"][0]["Date de fin"] = D(2026, 12, 31)
    assert pinned(book, tmp_path, D(2027, 12, 31))["agrement"] == ("2027-12-31", "a-faire")
    assert pinned(book, tmp_path, D(2028, 1, 1))["agrement"] == ("2027-12-31", "en-retard")
    assert message(book, tmp_path, D(2026, 11, 25), "agrement") == (
        "Session 224566 ECSR du 11/01/2027 au 13/01/2027 : elle se termine après la fin de "
        "l'agrément N° AG-2024-01 (31/12/2026) : prévenez la DIECCTE de la date de la session "
        "au plus tard le 31/12/2027, un an après la fin de l'agrément, puis saisissez « "
        "DIECCTE prévenue le » (P§2).")
    book["Sessions"][0]["DIECCTE prévenue le"] = D(2026, 11, 20)
    assert pinned(book, tmp_path, D(2028, 1, 1))["agrement"] == ("2027-12-31", "fait")
    book["Sessions"][0]["Statut"] = "Clôturée"
    assert "agrement" not in pinned(book, tmp_path, D(2026, 11, 25))


def test_agrement_ending_on_29_february(tmp_path):
    book = planned(D(2028, 3, 6))
    book["Agréments"][0]["Date de fin"] = D(2028, 2, 29)
    assert pinned(book, tmp_path, D(2028, 1, 1))["agrement"] == ("2029-02-28", "a-faire")


def test_no_agrement_at_all_means_the_mf_must_ask(tmp_path):
    book = planned(D(2027, 3, 31))
    book["Agréments"].clear()
    assert pinned(book, tmp_path, D(2026, 11, 25))["agrement"] == (None, "a-faire")
    assert message(book, tmp_path, D(2026, 11, 25), "agrement").endswith(
        ": le centre CFPAE n'a aucun agrément pour le titre TP-01303 : le MF doit demander un "
        "agrément (P§2).")


def test_covered_session_has_no_agrement_task(tmp_path):
    assert "agrement" not in pinned(planned(D(2027, 3, 31)), tmp_path, D(2026, 11, 25))


def test_cancelled_sessions_give_nothing(tmp_path):
    book = planned(D(2027, 3, 31))
    book["Sessions"][0]["Statut"] = "Annulée"
    book["Agréments"].clear()
    path = write(book, tmp_path)
    assert json.loads(agenda(path, "2026-11-25", "--json").stdout) == {"items": [],
                                                                       "sessions": []}
    result = agenda(path, "2026-11-25")
    assert result.exit_code == 0
    assert result.output == "Aucune session en cours : rien à faire.\n"


# Order and output formats


def two_sessions() -> Book:
    """224566 with results not yet posted, 224600 (CCP) convoked late, on 2026-05-20."""
    book = full_book()
    book["Sessions"][0].update({"Statut": "Résultats saisis", "Date réception PV validés": None,
                                "Date réception parchemins": None})
    book["Inscriptions"][0]["Date retrait parchemin"] = None
    book["Sessions"][1].update({"Statut": "Demande de DTE envoyée", "Date réelle de fin": None,
                                "Date réception parchemins": None})
    book["Inscriptions"][-1].update({"Présence": None, "Résultat": None})
    return book


def test_order_late_then_to_do_by_date_then_done(tmp_path):
    assert [(i["session"], i["task"], i["due"], i["state"])
            for i in items(two_sessions(), tmp_path, D(2026, 5, 20))] == [
        ("224600", "convocations", "2026-05-17", "en-retard"),
        ("224600", "resultats", "2026-06-01", "a-faire"),
        ("224566", "envoi-pv", None, "a-faire"),
        ("224566", "cloture", None, "a-faire"),
        ("224566", "dte", "2026-02-02", "fait"),
        ("224566", "convocations", "2026-02-02", "fait"),
        ("224566", "resultats", "2026-03-04", "fait"),
        ("224600", "dte", "2026-05-17", "fait"),
    ]


def test_json_structure(tmp_path):
    result = agenda(write(two_sessions(), tmp_path), "2026-05-20", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('{\n  "items": [\n    {\n      "session": "224600",\n')
    assert "à" in result.stdout  # ensure_ascii=False
    data = json.loads(result.stdout)
    assert list(data) == ["items", "sessions"]
    assert data["sessions"] == [{"session": "224566", "stage": "résultats saisis"},
                                {"session": "224600", "stage": "DTE commandé"}]
    assert data["items"][0] == {
        "session": "224600",
        "task": "convocations",
        "due": "2026-05-17",
        "state": "en-retard",
        "message": "Session 224600 ECSR (CCP CP-00002) le 01/06/2026 : envoyez les "
                   "convocations des candidats, jurys et surveillants (modèles CERES, papier à "
                   "en-tête AFPAR) au plus tard le 17/05/2026, 15 jours avant une session CCP "
                   "; passez ensuite le statut à « Convocations envoyées » (P§6).",
    }
    for item in data["items"]:
        assert list(item) == ["session", "task", "due", "state", "message"]


def test_table_in_french_hides_done_tasks_unless_asked(tmp_path):
    path = write(two_sessions(), tmp_path)
    result = agenda(path, "2026-05-20")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Étape de chaque session :",
        "  Session 224566 ECSR du 02/03/2026 au 04/03/2026 : résultats saisis",
        "  Session 224600 ECSR (CCP CP-00002) le 01/06/2026 : DTE commandé", ""]
    lines = lines[4:]
    assert lines[0].split() == ["Échéance", "Session", "Tâche", "État", "Message"]
    assert lines[1].startswith("----------  -------  ------------  ---------  -------")
    assert lines[2].startswith("17/05/2026  224600   Convocations  en retard  Session 224600 ")
    assert lines[3].startswith("01/06/2026  224600   Résultats     à faire    Session 224600 ")
    assert lines[4].startswith("—           224566   Envoi des PV  à faire    Session 224566 ")
    assert lines[5].startswith("—           224566   Clôture       à faire    Session 224566 ")
    assert lines[6:] == ["", "1 tâche en retard, 3 à faire.",
                         "4 tâches faites : --tout pour les voir."]
    everything = agenda(path, "2026-05-20", "--tout").output.splitlines()[4:]
    assert len(everything) == 2 + 8 + 2
    assert everything[6].startswith("02/02/2026  224566   DTE           fait       ")
    assert everything[-1] == "1 tâche en retard, 3 à faire."


def test_states_are_coloured_on_a_terminal(tmp_path):
    path = write(two_sessions(), tmp_path)
    result = CliRunner().invoke(cli, ["agenda", str(path), "--today", "2026-05-20", "--tout"],
                                color=True)
    assert "  \x1b[31m\x1b[1men retard\x1b[0m  Session 224600 " in result.output
    assert "  \x1b[33mà faire  \x1b[0m  Session 224600 " in result.output
    assert "  \x1b[32m\x1b[2mfait     \x1b[0m  Session 224566 " in result.output


def test_workbook_with_errors_still_gives_its_agenda(tmp_path):
    book = two_sessions()
    book["Candidats"][0]["Date de naissance"] = "31/02/1990"
    result = agenda(write(book, tmp_path), "2026-05-20", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["items"]) == 8
    assert result.stderr == ("1 erreur dans le classeur : voir « ceres-docs validate ». "
                             "L'agenda peut être incomplet.\n")


def test_incomplete_workbook_exits_1_with_the_table(tmp_path):
    book = minimal_book()
    del book["Sessions"]
    result = agenda(write(book, tmp_path), "2026-05-20")
    assert result.exit_code == 1
    assert "Feuille « Sessions » introuvable" in result.output
    assert result.output.endswith("Erreur : Le classeur est incomplet : corrigez-le (voir "
                                  "ci-dessus) pour obtenir l'agenda.\n")


def test_unreadable_workbook_exits_1(tmp_path):
    path = tmp_path / "sessions.xlsx"
    path.write_text("N° session;Statut\n224566;Clôturée\n")
    result = agenda(path, "2026-05-20")
    assert result.exit_code == 1
    assert result.output.startswith("Erreur : ")


@pytest.mark.parametrize("today", ["25/11/2026", "2026-02-30", "demain"])
def test_bad_today_is_a_usage_error(today, tmp_path):
    result = agenda(write(minimal_book(), tmp_path), today)
    assert result.exit_code == 2
    assert (f"Valeur invalide pour '--today' : « {today} » n'est pas une date au format "
            "AAAA-MM-JJ (par exemple 2026-11-25).") in result.output


def test_ics_cannot_replace_the_workbook(tmp_path):
    path = write(minimal_book(), tmp_path)
    result = agenda(path, "2026-05-20", "--ics", path)
    assert result.exit_code == 2
    assert "le calendrier doit avoir un autre nom que le classeur" in result.output


# iCalendar


def parse_ics(data: bytes) -> list[dict[str, str]]:
    """The events of an .ics file, checking its physical lines: CRLF, at most 75 octets."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical)
    logical: list[bytes] = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    lines = [line.decode("utf-8") for line in logical]
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    events, event = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            events.append(event)
            event = None
        elif event is not None:
            name, _, value = line.partition(":")
            event[name] = value
    return events


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def test_ics_has_one_all_day_event_per_dated_task(tmp_path):
    path = write(two_sessions(), tmp_path)
    ics = tmp_path / "agenda.ics"
    result = agenda(path, "2026-05-20", "--ics", ics)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Calendrier écrit : " + str(ics) + " (6 événements ; 2 tâches "
                                  "sans échéance n'y figurent pas).\n")
    data = ics.read_bytes()
    assert any(len(line) > 70 for line in data.split(b"\r\n"))  # folding was exercised
    events = parse_ics(data)
    expected = [i for i in json.loads(agenda(path, "2026-05-20", "--json").stdout)["items"]
                if i["due"]]
    assert len(events) == len(expected) == 6
    labels = {"convocations": "Convocations", "resultats": "Résultats", "dte": "DTE"}
    states = {"en-retard": "en retard", "a-faire": "à faire", "fait": "fait"}
    for event, item in zip(events, expected, strict=True):
        due = dt.date.fromisoformat(item["due"])
        assert event["UID"] == f"{item['session']}-{item['task']}@ceres-docs"
        assert event["DTSTART;VALUE=DATE"] == f"{due:%Y%m%d}"
        assert event["DTEND;VALUE=DATE"] == f"{due + dt.timedelta(days=1):%Y%m%d}"
        assert unescape(event["SUMMARY"]) == (f"[{states[item['state']]}] "
                                              f"{labels[item['task']]} – session "
                                              f"{item['session']}")
        assert unescape(event["DESCRIPTION"]) == item["message"]
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert events[0]["SUMMARY"] == "[en retard] Convocations – session 224600"
    assert "\\," in events[0]["DESCRIPTION"]


def test_ics_is_replaced_whole(tmp_path):
    path = write(two_sessions(), tmp_path)
    ics = tmp_path / "agenda.ics"
    ics.write_text("ancien")
    assert agenda(path, "2026-05-20", "--ics", ics, "--json").exit_code == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.ics", "sessions.xlsx"]


def test_ics_text_escapes():
    assert ics_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fold_keeps_the_text_within_75_octets(text):
    physical = fold("DESCRIPTION:" + ics_text(text)).split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    for part in physical:
        part.decode("utf-8")  # never cut inside a character
    joined = (physical[0] + b"".join(part[1:] for part in physical[1:])).decode("utf-8")
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert unescape(joined.removeprefix("DESCRIPTION:")) == expected
