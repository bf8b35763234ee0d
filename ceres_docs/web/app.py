"""The web page: a thin front end over the library, like cli.py, for staff who never open a
command prompt. It parses the request, calls the same library functions, renders French pages;
its JSON API returns what the command line's --json prints.

Workbooks and what is made from them live in a private temporary folder, one folder per
upload named by a random token, deleted after KEEP (and all of them when the server stops);
their names and contents never reach the logs.

With accounts (served for the four centres), every page but /connexion needs a logged-in
user, and an upload's folder is its uploader's only. The login is request.scope["ceres_user"]
for every handler; "local" without accounts (one person at their own computer).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..accounts import Accounts, Attempts
from ..agenda import (
    STATE_LABELS,
    TASK_LABELS,
    agenda,
    describe,
    stages,
    to_ics,
    to_json,
)
from ..convert import stop_all
from ..dates import format_date
from ..engine import Engine
from ..errors import CeresDocsError
from ..kinds import KIND, KINDS, unknown_kinds, unknown_sessions
from ..model import Session, Workbook
from ..naming import safe_name
from ..output import zip_folder
from ..report import SEVERITY_LABELS, Report, summary
from ..rules import Validation, validate
from .queue import Busy, Made, Production, Productions, log

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 2**20  # a year of sessions is a few megabytes
KEEP = 3600.0  # seconds an upload and its results are kept
CSRF_COOKIE = "ceres_csrf"
SESSION_COOKIE = "ceres_session"
SESSION_IDLE = 8 * 3600.0  # seconds without a request before a login is forgotten
FAILURE_DELAY = 1.0  # seconds every failed login waits, on top of the lock after a few
USER = "ceres_user"  # the scope key of the logged-in login (the production queue reads it)
LOCAL = "local"  # the user when there are no accounts
OWNER_FILE = "compte.txt"  # the login that uploaded the folder's workbook
WRONG_LOGIN = "Identifiant ou mot de passe incorrect."
LOCKED = ("Trop d'essais manqués pour cet identifiant : il est bloqué 5 minutes. Réessayez "
          "ensuite.")
EXPIRED_LOGIN = "La page a expiré : rechargez-la, puis connectez-vous de nouveau."
NOT_LOGGED_IN = ("Connexion requise : connectez-vous sur la page /connexion, ou envoyez "
                 "l'identifiant et le mot de passe d'un compte (en-tête « Authorization: "
                 "Basic »).")
PAGE_ERRORS = {404: "Page introuvable.", 405: "Cette adresse ne s'utilise pas ainsi."}
UPLOADED = "classeur"  # the sub-folder of an upload's folder that holds the workbook
DAY_FILE = "jour.txt"  # the day the upload was checked for
MEDIA = {".pdf": "application/pdf", ".eml": "message/rfc822",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BadInput(Exception):
    "A request the user can correct: answered 400 with a French message."

    status = 400


class Expired(BadInput):
    "An upload the server no longer keeps."

    status = 404


class TooLarge(BadInput):
    "A request body over the upload limit."

    status = 413


class Conflict(BadInput):
    "The user already has a production waiting or running (API)."

    status = 409


@dataclass
class Store:
    """The server's private folder: one sub-folder per upload, forgotten after KEEP."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ceres-docs-web-")))

    def __post_init__(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    keep: float = KEEP

    def new(self, owner: str) -> tuple[str, Path]:
        self.sweep()
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        (folder / OWNER_FILE).write_text(owner, encoding="utf-8")
        return token, folder

    def folder(self, token: str, owner: str) -> Path:
        """The folder of an upload of owner's, or 404: never a path the browser made up, nor
        another user's upload."""
        self.sweep()
        if not token.replace("-", "").replace("_", "").isalnum():
            raise HTTPException(404)
        folder = self.root / token
        if not folder.is_dir():
            raise Expired("Ce classeur n'est plus sur le serveur : déposez-le de nouveau.")
        try:
            uploader = (folder / OWNER_FILE).read_text(encoding="utf-8")
        except OSError:
            raise HTTPException(404) from None
        if uploader != owner:
            raise HTTPException(404)
        return folder

    def sweep(self) -> None:
        limit = time.time() - self.keep
        for folder in self.root.iterdir():
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def create_app(store: Store | None = None, accounts: Accounts | None = None,
               warm: bool = False) -> Starlette:
    """The application; the store is closed (every upload deleted) when it stops. With
    accounts, every page and API call needs a login (see Login). With warm, LibreOffice is
    started with the server and kept running (engine.py), and stopped with it; without, or
    without LibreOffice's uno module, each production starts its own."""
    store = store or Store()
    engine: list[Engine] = []  # the warm engine, once started
    productions: dict[str, Production] = {}  # the last production of each upload
    queue = Productions()
    pages = Jinja2Templates(directory=str(HERE / "templates"))
    pages.env.globals["severity"] = SEVERITY_LABELS
    login = Login(accounts) if accounts is not None else None

    def page(request: Request, name: str, context: dict[str, Any],
             status_code: int = 200) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(18)
        user = request.scope.get(USER) if login is not None else None
        if login is not None and user is None and name != "login.html":
            name, context = "login.html", {"error": context.get("error")}
        response = pages.TemplateResponse(request, name,
                                          {**context, "csrf": token, "user": user},
                                          status_code=status_code)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def login_page(request: Request) -> Response:
        """The login form; a wrong login or password says only that, and waits."""
        if login is None:
            return RedirectResponse("/", status_code=303)
        if request.method == "GET":
            return page(request, "login.html", {})
        try:
            form = await _form(request, csrf=True)
        except HTTPException:
            return page(request, "login.html", {"error": EXPIRED_LOGIN}, 403)
        name, password = str(form.get("login") or ""), str(form.get("password") or "")
        await form.close()
        user, refused = await login.check(name, password)
        if user is None:
            return page(request, "login.html", {"error": refused, "login": name[:64]},
                        429 if refused == LOCKED else 401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, login.open_session(user), httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    async def logout(request: Request) -> Response:
        form = await _form(request, csrf=True)
        await form.close()
        response = RedirectResponse("/connexion" if login else "/", status_code=303)
        if login is not None:
            login.close_session(request.cookies.get(SESSION_COOKIE, ""))
            response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict",
                                   secure=request.url.scheme == "https")
        return response

    async def home(request: Request) -> Response:
        return page(request, "index.html", {"today": dt.date.today().isoformat()})

    async def check_page(request: Request) -> Response:
        form = None
        try:
            form = await _form(request, csrf=True)
            token, path, day = await _workbook(store, form, _user(request))
        except BadInput as error:
            return page(request, "index.html", {"error": str(error),
                                                "today": dt.date.today().isoformat()},
                        error.status)
        finally:
            if form is not None:
                await form.close()
        result = validate(path, day)
        if result.unreadable is not None:
            return page(request, "index.html", {"error": result.unreadable,
                                                "today": day.isoformat()}, 400)
        from ..annotate import write_report_copy

        write_report_copy(path, result.report, path.parent.parent / "anomalies.xlsx")
        return page(request, "report.html", {
            "token": token, "name": path.name, "day": format_date(day),
            "result": result, "summary": summary(result.report),
            "sheets": _by_sheet(result.report),
            "sessions": [] if result.book is None else [
                (session.id, _session_name(result.book, session), found.value)
                for session, found in stages(result.book, day)],
            "kinds": [(name, _capitalized(KIND[name].plural)) for name in KINDS]})

    async def agenda_page(request: Request) -> Response:
        token = request.path_params["token"]
        folder = store.folder(token, _user(request))
        day = _day(request.query_params.get("today"))
        result = validate(uploaded(folder), day)
        if result.book is None:
            raise HTTPException(404)
        tasks = agenda(result.book, day)
        (folder / "agenda.ics").write_bytes(to_ics(tasks, dt.datetime.now(dt.timezone.utc)))
        return page(request, "agenda.html", {
            "token": token, "day": format_date(day), "tasks": tasks,
            "stages": [(describe(result.book, s), found.value)
                       for s, found in stages(result.book, day)],
            "task_labels": TASK_LABELS, "state_labels": STATE_LABELS,
            "errors": len(result.report.errors)})

    async def produce_page(request: Request) -> Response:
        """What is due that day, or the sessions and kinds ticked, queued for production."""
        token = request.path_params["token"]
        folder = store.folder(token, _user(request))
        form = await _form(request, csrf=True, fields=1000)
        await form.close()
        day = dt.date.fromisoformat((folder / DAY_FILE).read_text(encoding="utf-8"))
        workbook = uploaded(folder)
        book = validate(workbook, day).book
        if book is None:
            raise HTTPException(404)
        sessions, kinds = _chosen(form, book)
        out = folder / "documents"
        try:
            production = queue.submit(
                _user(request), token,
                lambda production: _production(production, workbook, out, day, sessions, kinds,
                                               engine[0] if engine else None),
                _asked(sessions, kinds, day),
                {s.id: _session_name(book, s) for s in book.sessions.values()})
        except Busy as busy:
            return RedirectResponse(f"/production/{busy.production.token}?deja=1",
                                    status_code=303)
        for forgotten in [t for t in productions if not (store.root / t).is_dir()]:
            del productions[forgotten]
        productions[token] = production
        return RedirectResponse(f"/production/{token}", status_code=303)

    async def production_page(request: Request) -> Response:
        token = request.path_params["token"]
        store.folder(token, _user(request))
        state = productions.get(token)
        if state is None:
            raise HTTPException(404)
        return page(request, "production.html", {
            "token": token, "state": state, "ahead": queue.position(state),
            "busy": "deja" in request.query_params})

    async def produced_file(request: Request) -> Response:
        """A file of the upload's last production, by its index in the list the server
        recorded (never a path the browser sent)."""
        token = request.path_params["token"]
        out = store.folder(token, _user(request)) / "documents"
        state = productions.get(token)
        index = request.path_params["index"]
        if state is None or not state.finished or not 0 <= index < len(state.files):
            raise HTTPException(404)
        made = state.files[index]
        path = out / made.path
        if not path.resolve().is_relative_to(out.resolve()) or not path.is_file():
            raise HTTPException(404)
        return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"),
                            filename=made.name)

    async def ra_page(request: Request) -> Response:
        """P§11: the signed RA form's scan → the PDF under its exact name and its e-mail."""
        token = request.path_params["token"]
        folder = store.folder(token, _user(request))
        day = dt.date.fromisoformat((folder / DAY_FILE).read_text(encoding="utf-8"))
        result = validate(uploaded(folder), day)
        if result.book is None:
            raise HTTPException(404)
        sessions = [(s.id, _session_name(result.book, s)) for s in result.book.sessions.values()
                    if s.parchemins_received]
        context: dict[str, Any] = {"token": token, "sessions": sessions, "files": []}
        if request.method == "POST":
            form = await _form(request, csrf=True)
            try:
                scan = form.get("scan")
                if not isinstance(scan, UploadFile) or not scan.filename:
                    raise BadInput("Choisissez le scan PDF du formulaire signé.")
                out = folder / "ra"
                received = folder / "scan.pdf"
                with received.open("wb") as target:
                    shutil.copyfileobj(scan.file, target)
                from ..outgoing import ra_mail

                made = await run_in_threadpool(ra_mail, uploaded(folder),
                                               str(form.get("session") or ""), received, out,
                                               day)
                context["files"] = [path.name for path in made]
            except CeresDocsError as error:
                context["error"] = str(error)
            finally:
                await form.close()
        return page(request, "ra.html", context, 400 if "error" in context else 200)

    async def doublons_page(request: Request) -> Response:
        """P§4.3: the letter asking the DIECCTE to merge duplicate records, and the list."""
        token = request.path_params["token"]
        folder = store.folder(token, _user(request))
        day = dt.date.fromisoformat((folder / DAY_FILE).read_text(encoding="utf-8"))
        from ..doublons import write_duplicates

        out = folder / "doublons"
        out.mkdir(exist_ok=True)
        context: dict[str, Any] = {"token": token}
        try:
            found = await run_in_threadpool(write_duplicates, uploaded(folder),
                                            out / "doublons", True, None, None, None, day)
            context.update(found=found, people=list(zip(found.names, found.groups,
                                                        strict=True)))
        except CeresDocsError as error:
            context["error"] = str(error)
        return page(request, "doublons.html", context, 400 if "error" in context else 200)

    async def made_file(request: Request) -> Response:
        """A file the server made for this upload (RA form, doublons), by its listed name."""
        folder = store.folder(request.path_params["token"], _user(request)) \
            / request.path_params["what"]
        name = request.path_params["name"]
        if request.path_params["what"] not in ("ra", "doublons") or not folder.is_dir() \
                or name not in {path.name for path in folder.iterdir()}:
            raise HTTPException(404)
        return FileResponse(folder / name, filename=name)

    async def download(request: Request) -> Response:
        folder = store.folder(request.path_params["token"], _user(request))
        name = request.path_params["name"]
        files = {"anomalies.xlsx": ("anomalies.xlsx", "application/vnd.openxmlformats-"
                                    "officedocument.spreadsheetml.sheet"),
                 "agenda.ics": ("agenda.ics", "text/calendar"),
                 "documents.zip": ("documents.zip", "application/zip"),
                 "envoi.zip": ("envoi.zip", "application/zip")}
        if name == "envoi.zip":
            folder = folder / "documents"
        if name not in files or not (folder / name).is_file():
            raise HTTPException(404)
        filename, media = files[name]
        return FileResponse(folder / name, media_type=media, filename=filename)

    async def api_validate(request: Request) -> Response:
        result, _day_ = await _api_validation(store, request)
        return JSONResponse(result.report.to_dict())

    async def api_agenda(request: Request) -> Response:
        result, day = await _api_validation(store, request)
        if result.book is None:
            raise BadInput("Le classeur est incomplet : corrigez-le (voir « validate ») pour "
                           "obtenir l'agenda.")
        return JSONResponse(to_json(agenda(result.book, day), result.book, day))

    async def api_generate(request: Request) -> Response:
        """The documents due that day (or of the sessions named), as the zip of the output
        folder, manifest.json included; in the same queue as the page's productions, the
        answer comes when its turn has come and gone."""
        form = await _form(request)
        try:
            token, path, day = await _workbook(store, form, _user(request))
            chosen = _listed(form, "sessions")
            kinds = _listed(form, "kinds")
        finally:
            await form.close()
        unknown = [kind for kind in kinds if kind not in KINDS]
        if unknown:
            raise BadInput(f"{unknown_kinds(unknown)} Les types possibles : "
                           f"{', '.join(KINDS)}.")
        out = path.parent.parent / "documents"
        try:
            production = queue.submit(
                _user(request), token,
                lambda production: _production(production, path, out, day, chosen, kinds,
                                               engine[0] if engine else None))
        except Busy:
            raise Conflict("Une production est déjà en cours pour vous : attendez qu'elle se "
                           "termine, puis renvoyez la demande.") from None
        await run_in_threadpool(production.wait)
        if production.error:  # InvalidWorkbook included
            return JSONResponse({"error": production.error},
                                status_code=500 if production.unexpected else 400)
        return FileResponse(out.parent / "documents.zip", media_type="application/zip",
                            filename="documents.zip")

    async def bad_input(request: Request, error: Exception) -> Response:
        status = getattr(error, "status", 400)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(error)}, status_code=status)
        return page(request, "index.html", {"error": str(error),
                                            "today": dt.date.today().isoformat()}, status)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = PAGE_ERRORS.get(error.status_code, error.detail)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=error.status_code)
        return page(request, "index.html", {"error": message,
                                            "today": dt.date.today().isoformat()},
                    error.status_code)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            try:
                engine.append(await run_in_threadpool(Engine))
            except CeresDocsError as error:  # no uno module, or no LibreOffice at all
                log.warning("%s", error)
            else:
                threading.Thread(target=_check_engine, args=(engine,), daemon=True).start()
        try:
            yield
        finally:
            await run_in_threadpool(stop)
            store.close()

    stopping = threading.Lock()

    def stop() -> None:
        """Stop every production and LibreOffice; a second call waits for the first."""
        with stopping:
            _stop(queue, engine)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/connexion", login_page, methods=["GET", "POST"]),
            Route("/deconnexion", logout, methods=["POST"]),
            Route("/verifier", check_page, methods=["POST"]),
            Route("/agenda/{token}", agenda_page),
            Route("/produire/{token}", produce_page, methods=["POST"]),
            Route("/ra/{token}", ra_page, methods=["GET", "POST"]),
            Route("/doublons/{token}", doublons_page),
            Route("/fichier/{token}/{what}/{name}", made_file),
            Route("/production/{token}", production_page),
            Route("/document/{token}/{index:int}", produced_file),
            Route("/telechargement/{token}/{name}", download),
            Route("/api/validate", api_validate, methods=["POST"]),
            Route("/api/agenda", api_agenda, methods=["POST"]),
            Route("/api/generate", api_generate, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        exception_handlers={BadInput: bad_input, HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.productions = queue
    app.state.engine = engine
    app.state.stop = stop  # for the server, as soon as it is asked to stop
    return SecurityHeaders(UploadLimit(Guard(app, login), MAX_UPLOAD))  # type: ignore[return-value]


async def _form(request: Request, csrf: bool = False, fields: int = 10) -> Any:
    """The multipart form; with csrf, its token must match the cookie (double submit)."""
    try:
        form = await request.form(max_files=1, max_fields=fields)
    except BadInput:
        raise
    except Exception:
        raise BadInput("Le formulaire envoyé est illisible : déposez de nouveau le classeur.") \
            from None
    if csrf:
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not secrets.compare_digest(str(form.get("csrf", "")), cookie):
            await form.close()
            raise HTTPException(403, "La page a expiré : rechargez-la, puis déposez de nouveau "
                                     "le classeur.")
    return form


async def _workbook(store: Store, form: Any, owner: str) -> tuple[str, Path, dt.date]:
    """The uploaded workbook, saved in a new private folder of owner's, and the day asked
    for."""
    upload = form.get("classeur")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise BadInput("Choisissez un classeur Excel (.xlsx) à déposer.")
    day = _day(str(form.get("today") or ""))
    token, folder = store.new(owner)
    (folder / UPLOADED).mkdir()
    # Under the user's own name (made safe), so that messages name the file they chose.
    path = folder / UPLOADED / safe_name(Path(upload.filename).stem, ".xlsx")
    with path.open("wb") as target:
        shutil.copyfileobj(upload.file, target)
    await upload.close()
    (folder / DAY_FILE).write_text(day.isoformat(), encoding="utf-8")
    return token, path, day


def _user(request: Request) -> str:
    """The logged-in login (Login sets it), "local" without accounts."""
    return str(request.scope.get(USER, LOCAL))


def uploaded(folder: Path) -> Path:
    """The workbook of an upload's folder."""
    found = next((folder / UPLOADED).glob("*.xlsx"), None)
    if found is None:
        raise HTTPException(404)
    return found


async def _api_validation(store: Store, request: Request) -> tuple[Validation, dt.date]:
    form = await _form(request)
    try:
        _token, path, day = await _workbook(store, form, _user(request))
    finally:
        await form.close()
    result = validate(path, day)
    if result.unreadable is not None:
        raise BadInput(result.unreadable)
    return result, day



def _session_name(book: Workbook, session: Session) -> str:
    """« Session 224633 SA (CCP CP-00972) le 16/11/2026, AFPAR – Centre de Saint-Pierre »."""
    centre = book.centres.get(session.centre)
    return describe(book, session) + (f", {centre.name}" if centre else "")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chosen(form: Any, book: Workbook) -> tuple[list[str], list[str]]:
    """The sessions and kinds ticked (none: what is due), each checked against the workbook
    and the registry: a value the page never offered is refused."""
    if form.get("choix") != "selection":
        return [], []
    sessions = list(dict.fromkeys(str(value).strip() for value in form.getlist("session")))
    kinds = list(dict.fromkeys(str(value) for value in form.getlist("type")))
    unknown = [s for s in sessions if s not in book.sessions]
    if unknown:
        raise BadInput(unknown_sessions(unknown))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadInput(unknown_kinds(unknown))
    if not sessions and not kinds:
        raise BadInput("Cochez au moins une session ou un type de document, ou produisez ce "
                       "qui est dû aujourd'hui.")
    return sessions, kinds


def _asked(sessions: Sequence[str], kinds: Sequence[str], day: dt.date) -> str:
    """What a production was asked for, in French, for its page."""
    if not sessions and not kinds:
        return f"Ce qui est dû le {format_date(day)}."
    parts = []
    if sessions:
        parts.append(f"{'Sessions' if len(sessions) > 1 else 'Session'} {', '.join(sessions)}")
    if kinds:
        parts.append(", ".join(KIND[kind].plural for kind in kinds))
    if not sessions:
        parts.append("pour les sessions dont l'étape les demande")
    return _capitalized(" : ".join(parts)) + f", au {format_date(day)}."


def _check_engine(engine: list[Engine]) -> None:
    """A warm LibreOffice that does not start (a uno module that cannot run the worker) is
    given up: the productions then start LibreOffice as the command line does."""
    warm = engine[0]
    if not warm.wait_ready() and not warm.closed:
        log.warning("LibreOffice n'a pas démarré par son module uno : chaque production le "
                    "démarrera, comme la ligne de commande.")
        if engine and engine[0] is warm:
            engine.pop()
        warm.close()


def _stop(queue: Productions, engine: list[Engine]) -> None:
    """The server stops: no production goes on, and no LibreOffice is left running."""
    queue.cancel()
    for warm in engine:
        warm.close()
    stop_all()  # a production that converts without the warm engine
    queue.close()


def _listed(form: Any, name: str) -> list[str]:
    """An API field of values separated by commas."""
    return list(dict.fromkeys(value.strip() for value in str(form.get(name) or "").split(",")
                              if value.strip()))


def _production(production: Production, workbook: Path, out: Path, day: dt.date,
                sessions: Sequence[str] = (), kinds: Sequence[str] = (),
                engine: Engine | None = None) -> None:
    """One production, run by the queue's worker: generate with these sessions and kinds
    (none: what is due that day), then the output folder zipped beside it; its progress and
    what it made are recorded for its page."""
    from ..generate import kind_counts, prepare  # docxtpl, pypdf: only when producing
    from ..kinds import BUNDLE_KIND
    from ..outgoing import todays_mail

    try:
        job = prepare(workbook, out, sessions, kinds, today=day, engine=engine)
        production.total = job.steps
        documents = job.run(production.advance)
        out.mkdir(exist_ok=True)
        zip_folder(out, out.with_name("documents.zip"))
    except CeresDocsError as error:  # InvalidWorkbook and NotAllowed included
        production.error = str(error)
        return
    production.counts = [f"{count} {label}" for count, label in kind_counts(documents)]
    production.mail = todays_mail(documents)
    production.skipped = [f"Session {session} : " + " ; ".join(
        f"{issue.sheet} {issue.cell} : {issue.message}" for issue in issues)
        for session, issues in job.skipped.items()]
    production.on_request = job.on_request
    production.envoi = any(d.kind == BUNDLE_KIND for d in documents)
    production.files = [Made(d.path, d.session, KIND[d.kind].label, _listed_in(d.kind, d.path))
                        for d in documents if d.kind != BUNDLE_KIND]
    production.done = production.total


def _listed_in(kind: str, path: str) -> str:
    """The list of the production page a file goes in."""
    if kind == "impression-pv":
        return "impression"
    return "courriels" if path.endswith(".eml") else "documents"


def _day(text: str | None) -> dt.date:
    """The day asked for (AAAA-MM-JJ), today when none."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"« {text} » n'est pas une date au format AAAA-MM-JJ (par exemple "
                       "2026-11-25).") from None


def _by_sheet(report: Report) -> list[tuple[str, list[Any]]]:
    """The issues grouped by sheet, in the report's order (sheets in the contract's order)."""
    groups: dict[str, list[Any]] = {}
    for issue in report.issues:
        groups.setdefault(issue.sheet or "Classeur", []).append(issue)
    return list(groups.items())


class Middleware:
    """What the page's ASGI layers share: the app they wrap, whose attributes (its state)
    they let through."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)


class UploadLimit(Middleware):
    """Refuse a request body over MAX_UPLOAD before reading it (413, in French)."""

    def __init__(self, app: Any, limit: int) -> None:
        super().__init__(app)
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        message = (f"Le fichier dépasse {self.limit // 2**20} Mo : un classeur de sessions en "
                   "fait quelques-uns. Vérifiez que c'est le bon fichier.")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _refuse(scope, send, message)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            event = await receive()
            received += len(event.get("body", b""))
            if received > self.limit:
                raise TooLarge(message)
            return event

        await self.app(scope, counted, send)


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse({"error": message}, status_code=413)
    else:
        response = Response(f"<!doctype html><meta charset=utf-8><p>{message}</p>",
                            status_code=413, media_type="text/html")
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class SecurityHeaders(Middleware):
    """The usual headers on every response: no framing, no sniffing, no third party."""

    HEADERS = [
        (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; "
                                     b"form-action 'self'; base-uri 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
    ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


@dataclass
class LoginSession:
    login: str
    seen: float


class Login:
    """The accounts, the open sessions (a random token → its login, in memory only, forgotten
    after SESSION_IDLE without a request) and the failed attempts per login."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self.sessions: dict[str, LoginSession] = {}
        self.attempts = Attempts()

    async def check(self, login: str, password: str) -> tuple[str | None, str]:
        """The login if password is its own, else None and the French reason; a failure
        waits FAILURE_DELAY, and a login that failed too often is refused for a while."""
        if not self.attempts.locked(login):
            if await run_in_threadpool(self.accounts.check, login, password):
                self.attempts.succeeded(login)
                return login, ""
            self.attempts.failed(login)
            refused = WRONG_LOGIN
        else:
            refused = LOCKED
        await asyncio.sleep(FAILURE_DELAY)
        return None, refused

    async def basic(self, header: str) -> tuple[str | None, str]:
        """The login of an « Authorization: Basic » header, as check; None and no reason
        without one."""
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return None, ""
        try:
            login, colon, password = base64.b64decode(encoded.strip(), validate=True) \
                .decode("utf-8").partition(":")
        except (binascii.Error, ValueError):
            return None, WRONG_LOGIN
        return await self.check(login, password) if colon else (None, WRONG_LOGIN)

    def open_session(self, login: str) -> str:
        now = time.monotonic()
        for token in [t for t, s in self.sessions.items() if now - s.seen > SESSION_IDLE]:
            del self.sessions[token]
        token = secrets.token_urlsafe(32)
        self.sessions[token] = LoginSession(login, now)
        return token

    def user(self, token: str) -> str | None:
        """The login of an open session, which stays open SESSION_IDLE more."""
        session = self.sessions.get(token)
        if session is None:
            return None
        now = time.monotonic()
        if now - session.seen > SESSION_IDLE:
            del self.sessions[token]
            return None
        session.seen = now
        return session.login

    def close_session(self, token: str) -> None:
        self.sessions.pop(token, None)


class Guard(Middleware):
    """Puts the login in scope["ceres_user"] ("local" without accounts). With accounts, a
    request without a valid session (or, for the API, Basic credentials) reaches only
    /connexion and /static/: a page is redirected to /connexion, the API answers 401."""

    def __init__(self, app: Any, login: Login | None) -> None:
        super().__init__(app)
        self.login = login

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.login is None:
            scope[USER] = LOCAL
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = scope["path"]
        user, refused = self.login.user(request.cookies.get(SESSION_COOKIE, "")), ""
        if user is None and path.startswith("/api/"):
            user, refused = await self.login.basic(request.headers.get("authorization", ""))
        if user is not None:
            scope[USER] = user
        elif path.startswith("/api/"):
            response: Response = JSONResponse(
                {"error": refused or NOT_LOGGED_IN}, status_code=429 if refused == LOCKED
                else 401, headers={"WWW-Authenticate": 'Basic realm="ceres-docs", '
                                                      'charset="UTF-8"'})
            await response(scope, receive, send)
            return
        elif path != "/connexion" and not path.startswith("/static/"):
            await RedirectResponse("/connexion", status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)
