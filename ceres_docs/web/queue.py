"""The web page's productions, one after another: LibreOffice uses every core, so a single
worker thread serves a first-in, first-out queue, and each user has at most one production
waiting or running."""

from __future__ import annotations

import logging
import threading
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("ceres_docs.web")

UNEXPECTED = ("Erreur inattendue pendant la production : rien n'a été écrit. Réessayez ; si "
              "l'erreur revient, signalez-la avec le jour et l'heure.")
STOPPED = "Le serveur s'est arrêté avant la fin de la production : rien n'a été écrit."


class Busy(Exception):
    "The user already has a production waiting or running."

    def __init__(self, production: Production) -> None:
        super().__init__("Une production est déjà en cours pour vous.")
        self.production = production


class Stopped(Exception):
    "The server stops: the production running is abandoned at its next step."


@dataclass(frozen=True)
class Made:
    """A file a production made, as its page lists it: its path in the output folder, its
    session, its kind's French label, and the list of the page it goes in."""

    path: str
    session: str
    label: str
    group: str  # "documents", "impression" (print files) or "courriels" (.eml drafts)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(eq=False)
class Production:
    """One production asked for, as its page shows it while it waits, runs, and after."""

    user: str
    token: str
    job: Callable[[Production], None]
    asked: str = ""  # what was asked for, in French
    sessions: dict[str, str] = field(default_factory=dict)  # N° → how pages name the session
    started: bool = False
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    unexpected: bool = False
    cancelled: bool = False
    counts: list[str] = field(default_factory=list)
    mail: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    on_request: bool = False
    envoi: bool = False
    files: list[Made] = field(default_factory=list)
    over: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0

    def advance(self, steps: int) -> None:
        """Progress, for Job.run; abandons the production when the server stops."""
        if self.cancelled:
            raise Stopped
        self.done += steps

    def by_session(self) -> list[tuple[str, dict[str, list[tuple[int, Made]]]]]:
        """The files made, with their index in files, per session (by N°), then per list."""
        groups: dict[str, dict[str, list[tuple[int, Made]]]] = {}
        for index, made in enumerate(self.files):
            lists = groups.setdefault(made.session, {})
            lists.setdefault(made.group, []).append((index, made))
        return [(self.sessions.get(session, f"Session {session}"), groups[session])
                for session in sorted(groups)]

    def wait(self, timeout: float | None = None) -> bool:
        return self.over.wait(timeout)


class Productions:
    """The queue: submit() adds a production, one worker thread runs them in turn."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: deque[Production] = deque()
        self._running: Production | None = None
        self._closing = False
        self.worker: threading.Thread | None = None

    def submit(self, user: str, token: str, job: Callable[[Production], None],
               asked: str = "", sessions: dict[str, str] | None = None) -> Production:
        """Queue job for the user; Busy when the user already has one waiting or running."""
        with self._changed:
            mine = self.pending(user)
            if mine is not None:
                raise Busy(mine)
            production = Production(user, token, job, asked, sessions or {})
            if self._closing:
                self._finish(production, STOPPED)
                return production
            self._waiting.append(production)
            if self.worker is None:
                self.worker = threading.Thread(target=self._serve, name="ceres-docs-production",
                                               daemon=True)
                self.worker.start()
            self._changed.notify_all()
            return production

    def pending(self, user: str) -> Production | None:
        """The user's production waiting or running, if any."""
        with self._changed:
            return next((p for p in [self._running, *self._waiting]
                         if p is not None and p.user == user), None)

    def position(self, production: Production) -> int:
        """How many productions will run before this one starts (0 once it has started)."""
        with self._changed:
            if production not in self._waiting:
                return 0
            return self._waiting.index(production) + (self._running is not None)

    def close(self, timeout: float = 60.0) -> None:
        """Stop the worker: productions waiting are dropped, the one running is abandoned
        at its next step."""
        self.cancel()
        if self.worker is not None:
            self.worker.join(timeout)

    def cancel(self) -> None:
        """Take no more productions, drop those waiting, and ask the one running to stop
        (at its next step: its LibreOffice is the server's to stop)."""
        with self._changed:
            self._closing = True
            dropped = list(self._waiting)
            self._waiting.clear()
            if self._running is not None:
                self._running.cancelled = True
            self._changed.notify_all()
        for production in dropped:
            self._finish(production, STOPPED)

    def _serve(self) -> None:
        while True:
            with self._changed:
                while not self._waiting and not self._closing:
                    self._changed.wait()
                if self._closing:
                    return
                production = self._running = self._waiting.popleft()
                production.started = True
            self._run(production)
            with self._changed:
                self._running = None

    def _run(self, production: Production) -> None:
        """Run one production; whatever it raises, the worker goes on with the next."""
        try:
            production.job(production)
        except Stopped:
            production.error = STOPPED
        except BaseException as error:  # the worker must outlive any failure
            # Frames only: the message may name a file or a person.
            log.error("Production failed: %s\n%s", type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)))
            production.error, production.unexpected = UNEXPECTED, True
        finally:
            self._finish(production)

    @staticmethod
    def _finish(production: Production, error: str = "") -> None:
        if error:
            production.error = error
        production.finished = True
        production.over.set()
