"""Accounts for the server of the four centres: the accounts file and its hashes, the
« compte » command that writes it, « serve »'s decision to start, and the login the page then
asks for (sessions, lock-out, Basic auth for programs, each user's own uploads)."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import click
import pytest
from builders import run
from click.testing import CliRunner
from starlette.testclient import TestClient

from ceres_docs.accounts import (
    Accounts,
    AccountsError,
    Attempts,
    hash_password,
    read_accounts,
    verify_password,
)
from ceres_docs.cli import cli, server_accounts
from ceres_docs.web import app as web
from ceres_docs.web.app import Store, create_app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
DAY = "2026-11-30"
PASSWORDS = {"cfpae": "mot-de-passe-cfpae", "afpa.stdenis": "mot-de-passe-afpa"}
WRONG = "Identifiant ou mot de passe incorrect."


@pytest.fixture(autouse=True)
def started(monkeypatch, tmp_path) -> dict:
    """What « serve » would start uvicorn with: no test ever listens on an address."""
    import uvicorn

    options: dict = {}

    def run(server: uvicorn.Server, *args: object) -> None:
        options.update(vars(server.config))

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setattr(web, "Store", lambda: Store(tmp_path / "serve"))
    return options


def test_a_hash_verifies_its_password_only():
    stored = hash_password("un mot de passe")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 64
    assert verify_password("un mot de passe", stored)
    assert not verify_password("un mot de passe ", stored)
    assert not verify_password("un mot de passe", stored.replace(key, key[::-1]))
    assert hash_password("un mot de passe") != stored  # a new salt each time


def test_the_accounts_file_keeps_comments_and_blank_lines(tmp_path):
    path = tmp_path / "comptes.txt"
    path.write_text(f"# Les centres\n\ncfpae:{hash_password('mot-de-passe-cfpae')}\n",
                    encoding="utf-8")
    accounts = read_accounts(path)
    assert len(accounts) == 1
    assert accounts.check("cfpae", "mot-de-passe-cfpae")
    assert not accounts.check("cfpae", "mot-de-passe-afpa")
    assert not accounts.check("inconnu", "mot-de-passe-cfpae")


@pytest.mark.parametrize("line", ["cfpae", "cfpae:", "cfpae:md5$abc", "cfpae:scrypt$16384$8$1$",
                                  "cfpaé:{hash}", "cfpae:scrypt$16384$8$1$@@@$@@@"])
def test_a_malformed_line_is_named_with_its_number(tmp_path, line):
    path = tmp_path / "comptes.txt"
    path.write_text(f"# Les centres\nafpa:{hash_password('x')}\n"
                    f"{line.format(hash=hash_password('x'))}\n", encoding="utf-8")
    with pytest.raises(AccountsError) as error:
        read_accounts(path)
    assert str(error.value) == (
        f"Fichier de comptes « {path} », ligne 3 : ce n'est pas une ligne "
        "« identifiant:empreinte » (ou un commentaire commençant par #) ; écrivez les comptes "
        "avec « ceres-docs compte FICHIER IDENTIFIANT ».")


def test_a_login_twice_is_refused(tmp_path):
    path = tmp_path / "comptes.txt"
    path.write_text(f"cfpae:{hash_password('x')}\ncfpae:{hash_password('y')}\n",
                    encoding="utf-8")
    with pytest.raises(AccountsError, match="ligne 2 : le compte « cfpae » figure déjà"):
        read_accounts(path)


def test_a_malformed_file_stops_serve_in_french(tmp_path, started):
    path = tmp_path / "comptes.txt"
    path.write_text("cfpae:motdepasse\n", encoding="utf-8")
    result = run("serve", "--config", path)
    assert result.exit_code == 1 and not started
    assert f"Erreur : Fichier de comptes « {path} », ligne 1 :" in result.output


def compte(*args: object, password: str | None = None, confirm: str | None = None):
    entered = "" if password is None else f"{password}\n{confirm or password}\n"
    return CliRunner().invoke(cli, ["compte", *map(str, args)], input=entered)


def test_compte_adds_replaces_and_removes_an_account(tmp_path):
    path = tmp_path / "comptes.txt"
    added = compte(path, "cfpae", password="premier-mot-de-passe")
    assert added.exit_code == 0, added.output
    assert f"Compte « cfpae » ajouté dans « {path} »." in added.output
    assert "premier-mot-de-passe" not in added.output + path.read_text(encoding="utf-8")
    assert oct(path.stat().st_mode)[-3:] == "600" or os.name != "posix"
    assert compte(path, "afpa", password="mot-de-passe-afpa").exit_code == 0
    path.write_text("# Les centres\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    replaced = compte(path, "cfpae", password="second-mot-de-passe")
    assert replaced.exit_code == 0, replaced.output
    assert "mis à jour" in replaced.output
    accounts = read_accounts(path)
    assert sorted(accounts.hashes) == ["afpa", "cfpae"]
    assert accounts.check("cfpae", "second-mot-de-passe")
    assert not accounts.check("cfpae", "premier-mot-de-passe")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Les centres" and lines[1].startswith("cfpae:scrypt$")  # in place
    assert lines[2].startswith("afpa:scrypt$") and len(lines) == 3

    removed = compte(path, "cfpae", "--supprimer")
    assert removed.exit_code == 0, removed.output
    assert f"Compte « cfpae » supprimé de « {path} »." in removed.output
    assert sorted(read_accounts(path).hashes) == ["afpa"]
    assert path.read_text(encoding="utf-8").startswith("# Les centres\nafpa:")
    assert [p.name for p in tmp_path.iterdir()] == ["comptes.txt"]  # nothing left aside

    again = compte(path, "cfpae", "--supprimer")
    assert again.exit_code == 1
    assert f"Erreur : Aucun compte « cfpae » dans « {path} »." in again.output


def test_compte_refuses_a_short_password_a_mismatch_and_a_bad_login(tmp_path):
    path = tmp_path / "comptes.txt"
    short = compte(path, "cfpae", password="court")
    assert "Erreur : Le mot de passe doit faire au moins 10 caractères." in short.output
    assert short.exit_code == 1 and not path.exists()  # asked again, then nothing typed
    mismatch = compte(path, "cfpae", password="mot-de-passe-un", confirm="mot-de-passe-deux")
    assert "Erreur : les deux saisies diffèrent ; recommencez." in mismatch.output
    assert mismatch.exit_code == 1 and not path.exists()
    login = compte(path, "Émilie", password="mot-de-passe-un")
    assert login.exit_code == 2
    assert "« Émilie » ne convient pas comme identifiant" in login.output
    assert "Exemple" in compte("--help").output


def test_serve_elsewhere_than_this_computer_needs_accounts(tmp_path, started):
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2 and not started
    assert "la page doit être protégée par des comptes : donnez le fichier de comptes avec " \
           "--config" in result.output
    empty = tmp_path / "comptes.txt"
    empty.write_text("# aucun compte encore\n", encoding="utf-8")
    for host in ("0.0.0.0", "127.0.0.1"):
        result = run("serve", "--host", host, "--config", empty)
        assert result.exit_code == 2 and not started
        assert "n'a aucun compte : ajoutez-en avec « ceres-docs compte" in result.output


def test_serve_with_accounts_would_start_behind_a_proxy(tmp_path, started):
    path = tmp_path / "comptes.txt"
    path.write_text(f"cfpae:{hash_password('mot-de-passe-cfpae')}\n", encoding="utf-8")
    assert server_accounts("127.0.0.1", None) is None
    with pytest.raises(click.BadParameter):
        server_accounts("0.0.0.0", None)
    assert sorted(server_accounts("0.0.0.0", path).hashes) == ["cfpae"]
    result = run("serve", "--host", "0.0.0.0", "--config", path)  # nothing listens
    assert result.exit_code == 0, result.output
    assert started["host"] == "0.0.0.0"
    assert started["proxy_headers"] is True and started["forwarded_allow_ips"] == "127.0.0.1"


def test_attempts_lock_a_login_after_five_failures_in_five_minutes():
    attempts = Attempts()
    for second in range(4):
        attempts.failed("cfpae", now=second * 60.0)
    assert not attempts.locked("cfpae", now=240.0)
    attempts.failed("cfpae", now=310.0)  # the first one is now over five minutes old
    assert not attempts.locked("cfpae", now=310.0)
    attempts.failed("cfpae", now=311.0)
    assert attempts.locked("cfpae", now=311.0) and not attempts.locked("afpa", now=311.0)
    assert attempts.locked("cfpae", now=610.0) and not attempts.locked("cfpae", now=612.0)
    attempts.failed("cfpae", now=612.0)  # the count starts again after the lock
    assert not attempts.locked("cfpae", now=612.0)


@pytest.fixture
def accounts():
    return Accounts({login: hash_password(password) for login, password in PASSWORDS.items()})


@pytest.fixture
def client(tmp_path, accounts, monkeypatch):
    monkeypatch.setattr(web, "FAILURE_DELAY", 0)
    with TestClient(create_app(Store(tmp_path / "serveur"), accounts)) as client:
        yield client


def csrf(client: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def log_in(client: TestClient, login: str, password: str | None = None):
    return client.post("/connexion", data={"csrf": csrf(client, "/connexion"), "login": login,
                                           "password": password or PASSWORDS[login]},
                       follow_redirects=False)


def upload() -> dict:
    return {"classeur": ("sessions.xlsx", SAMPLE.read_bytes(), "application/octet-stream")}


def test_pages_redirect_to_the_login_form_and_the_api_answers_401(client):
    for path in ("/", "/agenda/abc", "/production/abc", "/telechargement/abc/agenda.ics"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/connexion", path
    assert client.post("/verifier", files=upload(), follow_redirects=False).status_code == 303
    answer = client.post("/api/validate", files=upload())
    assert answer.status_code == 401
    assert answer.json() == {"error": "Connexion requise : connectez-vous sur la page "
                             "/connexion, ou envoyez l'identifiant et le mot de passe d'un "
                             "compte (en-tête « Authorization: Basic »)."}
    form = client.get("/connexion")
    assert form.status_code == 200 and 'name="password"' in form.text
    assert "Se déconnecter" not in form.text
    assert client.get("/static/style.css").status_code == 200


def test_a_logged_in_user_uploads_and_sees_the_login_in_the_header(client):
    answer = log_in(client, "cfpae")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "ceres_session=" in cookie and "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower() and "secure" not in cookie.lower()  # http
    home = client.get("/")
    assert "Connecté : <strong>cfpae</strong>" in home.text and "Se déconnecter" in home.text
    page = client.post("/verifier", files=upload(), data={"csrf": csrf(client), "today": DAY})
    assert page.status_code == 200 and "/agenda/" in page.text
    assert client.post("/api/validate", files=upload(), data={"today": DAY}).status_code == 200


def test_the_session_cookie_is_secure_over_https(tmp_path, accounts):
    with TestClient(create_app(Store(tmp_path / "s"), accounts),
                    base_url="https://testserver") as client:
        cookie = log_in(client, "cfpae").headers["set-cookie"].lower()
    assert "ceres_session=" in cookie and "; secure" in cookie


def test_a_wrong_password_or_login_gets_one_message(client):
    for login, password in (("cfpae", "mot-de-passe-afpa"), ("inconnu", "mot-de-passe-cfpae")):
        answer = log_in(client, login, password)
        assert answer.status_code == 401
        assert f'role="alert">{WRONG}</p>' in answer.text.replace("&#39;", "'")
        assert "ceres_session" not in answer.headers.get("set-cookie", "")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_login_form_needs_its_token(client):
    answer = client.post("/connexion", data={"csrf": "inventé", "login": "cfpae",
                                             "password": PASSWORDS["cfpae"]})
    assert answer.status_code == 403 and "La page a expiré" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_five_failures_lock_the_login_even_with_its_password(client):
    for _ in range(5):
        assert log_in(client, "cfpae", "pas-le-bon-mot").status_code == 401
    locked = log_in(client, "cfpae")
    assert locked.status_code == 429
    assert "Trop d&#39;essais manqués pour cet identifiant" in locked.text
    assert log_in(client, "afpa.stdenis").status_code == 303  # the others still log in


def test_logging_out_ends_the_session(client):
    session = log_in(client, "cfpae").cookies["ceres_session"]
    assert client.post("/deconnexion", data={"csrf": "autre"}).status_code == 403
    answer = client.post("/deconnexion", data={"csrf": csrf(client)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/connexion"
    assert client.get("/", follow_redirects=False).status_code == 303
    client.cookies.set("ceres_session", session)  # the server forgot it, not only the browser
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_session_is_forgotten_after_its_idle_time(client, monkeypatch):
    log_in(client, "cfpae")
    assert client.get("/", follow_redirects=False).status_code == 200
    monkeypatch.setattr(web, "SESSION_IDLE", -1.0)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_another_user_s_upload_is_not_found(client, tmp_path, accounts):
    log_in(client, "cfpae")
    page = client.post("/verifier", files=upload(), data={"csrf": csrf(client), "today": DAY})
    token = re.search(r'href="/agenda/([\w-]+)"', page.text).group(1)
    paths = [f"/agenda/{token}", f"/telechargement/{token}/anomalies.xlsx", f"/ra/{token}"]
    for path in paths:
        assert client.get(path).status_code == 200, path
    other = TestClient(client.app)  # the same server, another browser
    log_in(other, "afpa.stdenis")
    for path in paths:
        assert other.get(path).status_code == 404, path
    assert other.post(f"/produire/{token}", data={"csrf": csrf(other)}).status_code == 404


def basic(login: str, password: str) -> dict:
    encoded = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def test_programs_call_the_api_with_basic_auth(client):
    answer = client.post("/api/validate", files=upload(), data={"today": DAY},
                         headers=basic("cfpae", PASSWORDS["cfpae"]))
    assert answer.status_code == 200 and "issues" in answer.json()
    wrong = client.post("/api/validate", files=upload(), headers=basic("cfpae", "faux"))
    assert wrong.status_code == 401 and wrong.json() == {"error": WRONG}
    assert wrong.headers["www-authenticate"].startswith("Basic")
    assert client.get("/", headers=basic("cfpae", PASSWORDS["cfpae"]),
                      follow_redirects=False).status_code == 303  # pages need a session


def with_whoami(app):
    """app with /api/qui, which answers the login the handlers read, as the queue does."""

    async def whoami(request):
        return web.JSONResponse(request.scope.get("ceres_user", "absent"))

    app.app.app.app.router.add_route("/api/qui", whoami)
    return app


def test_handlers_read_the_login_in_the_scope(tmp_path, accounts):
    with TestClient(with_whoami(create_app(Store(tmp_path / "s"), accounts))) as client:
        assert client.get("/api/qui", headers=basic("cfpae", PASSWORDS["cfpae"])).json() \
            == "cfpae"
        log_in(client, "afpa.stdenis")
        assert client.get("/api/qui").json() == "afpa.stdenis"


def test_without_accounts_the_user_is_local(tmp_path):
    with TestClient(with_whoami(create_app(Store(tmp_path / "s")))) as client:
        assert client.get("/api/qui").json() == "local"
        home = client.get("/")
        assert home.status_code == 200 and "Se déconnecter" not in home.text
        assert client.get("/connexion", follow_redirects=False).status_code == 303
