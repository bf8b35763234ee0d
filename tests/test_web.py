"""The web page and its JSON API, through Starlette's test client: the same library calls
as the command line, the same JSON, French messages, limits and the usual defences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from builders import minimal_book, run, write
from starlette.testclient import TestClient

from ceres_docs.web import app as web
from ceres_docs.web.app import Store, create_app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
DAY = "2026-11-30"


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "serveur")


@pytest.fixture
def client(store):
    with TestClient(create_app(store)) as client:
        yield client


def upload(path: Path, name: str = "sessions.xlsx") -> dict:
    return {"classeur": (name, path.read_bytes(), "application/octet-stream")}


def csrf(client: TestClient) -> str:
    page = client.get("/")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_api_validate_is_the_command_line_s_json(client):
    answer = client.post("/api/validate", files=upload(SAMPLE), data={"today": DAY})
    assert answer.status_code == 200
    cli = run("validate", SAMPLE, "--json", "--today", DAY)
    assert answer.json() == json.loads(cli.stdout)


def test_api_agenda_is_the_command_line_s_json(client):
    answer = client.post("/api/agenda", files=upload(SAMPLE), data={"today": DAY})
    assert answer.status_code == 200
    cli = run("agenda", SAMPLE, "--json", "--today", DAY)
    assert answer.json() == json.loads(cli.stdout)
    assert answer.json()["sessions"][0] == {"session": "224512", "stage": "parchemins reçus"}


@pytest.mark.parametrize("endpoint", ["/api/validate", "/api/agenda"])
def test_bad_input_is_a_french_4xx(client, tmp_path, endpoint):
    text = tmp_path / "sessions.xlsx"
    text.write_text("N° session;Code centre\n224566;CFPAE\n", encoding="utf-8")
    answer = client.post(endpoint, files=upload(text))
    assert answer.status_code == 400
    assert answer.json() == {"error": "« sessions.xlsx » n'est pas un classeur Excel : il "
                             "ressemble à un fichier texte (CSV ?). Ouvrez-le dans Excel et "
                             "enregistrez-le au format « Classeur Excel (*.xlsx) »."}
    assert client.post(endpoint, data={"today": DAY}).json() == {
        "error": "Choisissez un classeur Excel (.xlsx) à déposer."}
    assert client.post(endpoint, files=upload(SAMPLE), data={"today": "30/11/2026"}).json() == {
        "error": "« 30/11/2026 » n'est pas une date au format AAAA-MM-JJ (par exemple "
                 "2026-11-25)."}


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, monkeypatch):
    monkeypatch.setattr(web, "MAX_UPLOAD", 1000)
    with TestClient(create_app(Store())) as small:
        answer = small.post("/api/validate", files=upload(SAMPLE))
    assert answer.status_code == 413
    assert answer.json() == {"error": "Le fichier dépasse 0 Mo : un classeur de sessions en "
                             "fait quelques-uns. Vérifiez que c'est le bon fichier."}


def test_the_report_page_counts_and_groups_by_sheet(client, tmp_path):
    book = minimal_book()
    book["Sessions"][0]["Date de fin"] = "31/02/2026"
    path = write(book, tmp_path)
    page = client.post("/verifier", files=upload(path), data={"csrf": csrf(client),
                                                              "today": "2026-06-15"})
    assert page.status_code == 200
    assert '<strong id="errors">1</strong> erreur' in page.text
    assert "<h2>Feuille « Sessions »</h2>" in page.text
    assert "La date « 31/02/2026 » n&#39;existe pas dans le calendrier." in page.text
    token = re.search(r"/telechargement/([\w-]+)/anomalies.xlsx", page.text).group(1)
    copy = client.get(f"/telechargement/{token}/anomalies.xlsx")
    assert copy.status_code == 200 and copy.content.startswith(b"PK")
    assert "attachment" in copy.headers["content-disposition"]


def test_the_agenda_page_and_its_calendar(client):
    page = client.post("/verifier", files=upload(SAMPLE), data={"csrf": csrf(client),
                                                                "today": DAY})
    token = re.search(r'href="/agenda/([\w-]+)"', page.text).group(1)
    agenda = client.get(f"/agenda/{token}", params={"today": DAY})
    assert agenda.status_code == 200
    assert ("Session 224633 SA (CCP CP-00972) le 16/11/2026 : <strong>résultats saisis</strong>"
            in agenda.text)
    assert "<td>Formulaire RA</td><td class=\"state\">à faire</td>" in agenda.text
    ics = client.get(f"/telechargement/{token}/agenda.ics")
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR")


def test_a_form_without_its_token_is_refused(client):
    answer = client.post("/verifier", files=upload(SAMPLE), data={"csrf": "inventé"})
    assert answer.status_code == 403
    assert "La page a expiré" in answer.text


def test_downloads_are_only_the_server_s_own_files(client, store):
    page = client.post("/verifier", files=upload(SAMPLE), data={"csrf": csrf(client),
                                                                "today": DAY})
    token = re.search(r"/telechargement/([\w-]+)/anomalies.xlsx", page.text).group(1)
    for path in (f"/telechargement/{token}/classeur.xlsx",
                 f"/telechargement/{token}/..%2F..%2Fetc%2Fpasswd",
                 "/telechargement/..%2F..%2F/anomalies.xlsx",
                 "/telechargement/inconnu/anomalies.xlsx"):
        assert client.get(path).status_code == 404, path


def test_every_response_has_the_usual_security_headers(client):
    headers = client.get("/").headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"


def test_uploads_are_kept_privately_for_a_while_then_deleted(tmp_path):
    store = Store(tmp_path / "serveur", keep=0)
    with TestClient(create_app(store)) as client:
        client.post("/api/validate", files=upload(SAMPLE))
        client.post("/api/validate", files=upload(SAMPLE))
        assert len(list(store.root.iterdir())) == 1  # the first one swept by the second
        assert oct(next(store.root.iterdir()).stat().st_mode)[-3:] == "700"
    assert not store.root.exists()  # everything gone when the server stops


def test_serve_refuses_another_address_than_this_computer(monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda *args: pytest.fail("started"))
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "la page doit être protégée par des comptes" in result.output


def test_api_generate_gives_the_day_s_documents_as_a_zip(client):
    """The sample on 30/11/2026, session 224633 (results entered): its PVs and slip, the
    print file, and envoi/ with the DIECCTE envelope, as generate writes them."""
    import io
    import zipfile

    answer = client.post("/api/generate", files=upload(SAMPLE),
                         data={"today": DAY, "sessions": "224633"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("manifest.json"))
    kinds = sorted({entry["kind"] for entry in manifest["documents"]})
    assert kinds == ["bordereau-dieccte", "envoi", "impression-pv", "pv-general",
                     "pv-individuel"]
    assert any(name.startswith("envoi/DIECCTE/PV-a-poster/224633_SA_16112026/PVG_")
               for name in names), names


def test_api_generate_refuses_an_unknown_session_in_french(client):
    answer = client.post("/api/generate", files=upload(SAMPLE),
                         data={"today": DAY, "sessions": "999"})
    assert answer.status_code == 400
    assert answer.json() == {"error": "Session inconnue dans la feuille Sessions : 999."}


def test_api_generate_takes_the_kinds_asked_for_and_refuses_others_in_french(client):
    """`kinds` is generate's --only: the PV général of 224633 alone; a kind that does not
    exist is named, with the list of those that do."""
    import io
    import zipfile

    answer = client.post("/api/generate", files=upload(SAMPLE),
                         data={"today": DAY, "sessions": "224633", "kinds": "pv-general"})
    assert answer.status_code == 200, answer.text
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("manifest.json"))
    assert [entry["kind"] for entry in manifest["documents"]] == ["pv-general"]
    refused = client.post("/api/generate", files=upload(SAMPLE),
                          data={"today": DAY, "sessions": "224633", "kinds": "pv, pv-general"})
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("Type de document inconnu : pv. Les types "
                                              "possibles : convocation-candidat, ")


def finished(client: TestClient, token: str) -> str:
    """The production page, read as the browser does (every 2 s) until the production ends."""
    import time

    deadline = time.monotonic() + 180
    while True:
        text = client.get(f"/production/{token}").text
        if "Production en attente" not in text and "Production en cours" not in text:
            return text
        assert f'<meta http-equiv="refresh" content="2; url=/production/{token}">' in text
        assert time.monotonic() < deadline
        time.sleep(0.2)


def produce(client: TestClient, token: str, **choice: object) -> str:
    started = client.post(f"/produire/{token}", data={"csrf": csrf(client), **choice},
                          follow_redirects=False)
    assert started.status_code == 303, started.text
    assert started.headers["location"] == f"/production/{token}"
    return finished(client, token)


def listed_files(page: str, token: str) -> dict[str, str]:
    """The files a finished production's page lists: name → download address."""
    return {name: href for href, name in
            re.findall(rf'<a href="(/document/{token}/\d+)">([^<]+)</a>', page)}


def test_producing_from_the_page_makes_what_generate_makes_with_each_file(client, tmp_path):
    """By default, what is due that day: the same files as « generate --today », listed per
    session, each downloadable; then what leaves today and the two zips."""
    import io

    from builders import manifest
    from pypdf import PdfReader

    token = checked_sample(client)
    report = client.post("/verifier", files=upload(SAMPLE), data={"csrf": csrf(client),
                                                                  "today": DAY})
    assert ("Session 224633 SA (CCP CP-00972) le 16/11/2026, AFPAR – Centre de Saint-Pierre : "
            "<em>résultats saisis</em>") in report.text
    assert ('<input type="checkbox" name="type" value="pv-general"> <span>PV généraux</span>'
            in report.text)
    state = produce(client, token)
    assert "<h1>Documents produits</h1>" in state
    assert "Ce qui est dû le 30/11/2026." in state
    files = listed_files(state, token)
    assert run("generate", SAMPLE, "--out", tmp_path / "cli", "--today", DAY).exit_code == 0
    assert sorted(files) == sorted(entry["path"].rsplit("/", 1)[-1]
                                   for entry in manifest(tmp_path / "cli")
                                   if entry["kind"] != "envoi")
    session = state[state.index("<h2>Session 224633"):state.index("<h2>Session 224689")]
    assert "<h3>Fichiers à imprimer</h3>" in session
    assert "IMPRESSION-PV_CP-00972_SA_AFPARSTPIERRE_16112026.pdf" in session
    assert "<h3>Courriels à envoyer" in state
    name = "PVI_CP-00972_SA_AFPARSTPIERRE_16112026_DAMOUR_Helene.pdf"
    pdf = client.get(files[name])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'attachment; filename="{name}"'
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    assert "DAMOUR" in " ".join(page.extract_text() for page in reader.pages)
    assert client.get(f"/document/{token}/{len(files)}").status_code == 404
    assert client.get(f"/document/{token}/-1").status_code == 404
    assert client.get("/document/inconnu/0").status_code == 404
    assert ("DIECCTE, par la poste – session 224633 : 1 PV général, 2 PV individuels, 1 "
            "bordereau d&#39;envoi à la DIECCTE") in state
    envoi = client.get(f"/telechargement/{token}/envoi.zip")
    assert envoi.status_code == 200 and envoi.content.startswith(b"PK")
    everything = client.get(f"/telechargement/{token}/documents.zip")
    assert everything.status_code == 200 and len(everything.content) > len(envoi.content)


def test_one_session_and_one_kind_ticked_make_only_those(client):
    token = checked_sample(client)
    state = produce(client, token, choix="selection", session="224633", type="pv-general")
    assert "Session 224633 : PV généraux, au 30/11/2026." in state
    assert list(listed_files(state, token)) == ["PVG_CP-00972_SA_AFPARSTPIERRE_16112026.pdf"]
    assert "Produits à la demande, quelle que soit l'étape de la session" in state
    assert '<p id="mail">Rien.</p>' in state
    assert "envoi.zip" not in state


@pytest.mark.parametrize(("choice", "message"), [
    ({"session": "999"}, "Session inconnue dans la feuille Sessions : 999."),
    ({"session": "224633", "type": "inventé"}, "Type de document inconnu : inventé."),
    ({"type": "doublons"}, "Type de document inconnu : doublons."),
    ({}, "Cochez au moins une session ou un type de document, ou produisez ce qui est dû "
         "aujourd&#39;hui."),
])
def test_a_choice_the_page_never_offered_is_refused_in_french(client, choice, message):
    token = checked_sample(client)
    answer = client.post(f"/produire/{token}",
                         data={"csrf": csrf(client), "choix": "selection", **choice})
    assert answer.status_code == 400
    assert f'<p class="error" role="alert">{message}</p>' in answer.text
    assert client.get(f"/production/{token}").status_code == 404  # nothing was queued


def test_a_document_the_procedure_refuses_shows_why_on_the_production_page(client):
    token = checked_sample(client)
    state = produce(client, token, choix="selection", session="224633", type="affichage")
    assert "<h1>Production impossible</h1>" in state
    assert ("Session 224633 : l&#39;affichage des résultats n&#39;est permis qu&#39;une fois "
            "les plis des PV validés retirés (P§10)") in state


def test_producing_needs_the_page_s_token(client):
    page = client.post("/verifier", files=upload(SAMPLE), data={"csrf": csrf(client),
                                                                "today": DAY})
    token = re.search(r'action="/produire/([\w-]+)"', page.text).group(1)
    assert client.post(f"/produire/{token}", data={"csrf": "autre"}).status_code == 403


def checked_sample(client) -> str:
    page = client.post("/verifier", files=upload(SAMPLE), data={"csrf": csrf(client),
                                                                "today": DAY})
    return re.search(r'href="/ra/([\w-]+)"', page.text).group(1)


def test_the_signed_ra_scan_becomes_its_named_pdf_and_its_e_mail(client, tmp_path):
    from test_outgoing import make_scan

    token = checked_sample(client)
    form = client.get(f"/ra/{token}")
    assert ('<option value="224512">Session 224512 ECSR du 08/06/2026 au 11/06/2026, AFPAR – '
            'Centre de Saint-André</option>') in form.text  # the session whose parchemins arrived
    scan = make_scan(tmp_path / "scan.pdf")
    answer = client.post(f"/ra/{token}", data={"csrf": csrf(client), "session": "224512"},
                         files={"scan": ("scan.pdf", scan.read_bytes(), "application/pdf")})
    assert answer.status_code == 200, answer.text
    names = re.findall(rf'href="/fichier/{token}/ra/([^"]+)"', answer.text)
    assert names == ["RA_TP-01303_ECSR_AFPARSTANDRE_08062026.pdf",
                     "COURRIEL-RA_TP-01303_ECSR_AFPARSTANDRE_08062026.eml"]
    pdf = client.get(f"/fichier/{token}/ra/{names[0]}")
    assert pdf.status_code == 200 and pdf.content == scan.read_bytes()
    assert client.get(f"/fichier/{token}/ra/..%2Fclasseur.xlsx").status_code == 404


def test_a_scan_that_is_no_pdf_is_refused_in_french(client):
    token = checked_sample(client)
    answer = client.post(f"/ra/{token}", data={"csrf": csrf(client), "session": "224512"},
                         files={"scan": ("scan.pdf", b"pas un pdf", "application/pdf")})
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text and "PDF" in answer.text


def test_the_duplicates_page_lists_them_with_the_letter(client):
    token = checked_sample(client)
    answer = client.get(f"/doublons/{token}")
    assert answer.status_code == 200, answer.text
    assert "SINIMALÉ Kévin, né(e) le 07/07/1998 : 9741931038921U, 9742614159981I" in answer.text
    letter = client.get(f"/fichier/{token}/doublons/doublons.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_productions_wait_their_turn_one_at_a_time_per_user(store, monkeypatch):
    """The first production blocks (a fake): another user's waits, shown in the queue; the
    same user is sent back to the production they already have, from the API too."""
    import threading
    import time

    release = threading.Event()

    def slow(production, workbook, out, day, sessions=(), kinds=(), engine=None):
        production.total = 1
        assert release.wait(30)
        production.done = 1

    monkeypatch.setattr(web, "_production", slow)
    monkeypatch.setattr(web, "FAILURE_DELAY", 0)
    from test_accounts import PASSWORDS, log_in

    from ceres_docs.accounts import Accounts, hash_password

    app = create_app(store, Accounts({login: hash_password(password)
                                      for login, password in PASSWORDS.items()}))
    with TestClient(app) as client:
        other = TestClient(client.app)  # another member of staff, in their own browser
        log_in(client, "cfpae")
        log_in(other, "afpa.stdenis")
        first, second = checked_sample(client), checked_sample(other)
        client.post(f"/produire/{first}", data={"csrf": csrf(client)})
        deadline = time.monotonic() + 10
        while "Production en cours" not in client.get(f"/production/{first}").text:
            assert time.monotonic() < deadline
            time.sleep(0.05)  # until the worker has taken it
        waiting = other.post(f"/produire/{second}", data={"csrf": csrf(other)})
        assert "<h1>Production en attente</h1>" in waiting.text
        assert "En attente : <strong>1 production avant la vôtre</strong>" in waiting.text
        third = checked_sample(client)
        again = client.post(f"/produire/{third}", data={"csrf": csrf(client)},
                            follow_redirects=False)
        assert again.status_code == 303
        assert again.headers["location"] == f"/production/{first}?deja=1"
        assert ("Une production est déjà en cours pour vous : la voici."
                in client.get(again.headers["location"]).text)
        api = client.post("/api/generate", files=upload(SAMPLE), data={"today": DAY})
        assert api.status_code == 409
        assert api.json() == {"error": "Une production est déjà en cours pour vous : attendez "
                                       "qu'elle se termine, puis renvoyez la demande."}
        release.set()
        assert "<h1>Documents produits</h1>" in finished(client, first)
        assert "<h1>Documents produits</h1>" in finished(other, second)
        worker = app.state.productions.worker
        assert worker.is_alive()
    assert not worker.is_alive()  # stopped with the app


def test_the_worker_outlives_an_unexpected_error_and_logs_no_personal_data(caplog):
    from ceres_docs.web.queue import Productions

    def broken(production):
        name = "PAYET Jean-Marc"
        raise RuntimeError(name)

    def fine(production):
        production.counts = ["1 PV général"]

    productions = Productions()
    failed = productions.submit("a", "jeton-1", broken)
    done = productions.submit("b", "jeton-2", fine)
    assert done.wait(10) and failed.finished
    assert failed.error.startswith("Erreur inattendue pendant la production")
    assert done.counts == ["1 PV général"] and not done.error
    assert "RuntimeError" in caplog.text and "PAYET" not in caplog.text
    waiting = productions.submit("a", "jeton-3", fine)
    productions.close()
    assert waiting.finished and not productions.worker.is_alive()
