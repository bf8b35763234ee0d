"""One warm LibreOffice, driven through UNO: run by the Python that has LibreOffice's `uno`
module (Debian's python3-uno, or the python.exe LibreOffice ships on Windows), never imported
by the package, so it uses the standard library and uno only.

    python unoworker.py SOFFICE PROFILE_URL PIPE_NAME

It starts soffice listening on a named pipe, connects, says {"ready": true} on its standard
output, then converts one DOCX to PDF per line read on its standard input,
{"docx": "...", "pdf": "..."}, answering {"ok": true} or {"error": "..."}. At the end of its
input (the server stopped, even killed) it stops LibreOffice and exits.
"""

from __future__ import annotations

import json
import ntpath
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_FOR = 60.0  # seconds LibreOffice may take to start on a busy machine


def prop(name: str, value: object) -> PropertyValue:
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def connect(pipe: str, office: subprocess.Popen) -> object:
    """The Desktop of the LibreOffice listening on pipe, once it answers."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_FOR
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                            context)


def convert(desktop: object, docx: str, pdf: str) -> None:
    # Same export as the command line's: bookmarks become PDF destinations.
    options = uno.Any("[]com.sun.star.beans.PropertyValue",
                      (prop("ExportBookmarksToPDFDestination", True),))
    document = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
        Path(docx).absolute().as_uri(), "_blank", 0,
        (prop("Hidden", True), prop("ReadOnly", True)))
    if document is None:
        raise RuntimeError("LibreOffice n'a pas pu ouvrir le fichier")
    try:
        uno.invoke(document, "storeToURL", (Path(pdf).absolute().as_uri(), (
            prop("FilterName", "writer_pdf_Export"), prop("FilterData", options))))
    finally:
        document.close(True)


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(soffice: str, profile: str, pipe: str) -> int:
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", f"-env:UserInstallation={profile}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=os.environ)
    desktop = None
    try:
        desktop = connect(pipe, office)
        say({"ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            try:
                convert(desktop, request["docx"], request["pdf"])
            except Exception as error:  # any UNO failure is this file's, said to the caller
                say({"error": str(getattr(error, "Message", "") or error)[:500]})
            else:
                say({"ok": True})
    finally:
        stop(office, desktop)
    return 0


def stop(office: subprocess.Popen, desktop: object) -> None:
    """Close LibreOffice: politely, then by force, with the soffice.bin its launcher started."""
    try:
        desktop.terminate()  # type: ignore[attr-defined]
        office.wait(timeout=10)
        return
    except Exception:
        pass
    if sys.platform == "win32":
        # by its full path, as convert.taskkill(): never a taskkill in the current folder
        taskkill = ntpath.join(os.environ.get("SystemRoot") or r"C:\Windows", "System32",
                               "taskkill.exe")
        subprocess.run([taskkill, "/F", "/T", "/PID", str(office.pid)], capture_output=True,
                       check=False)
    elif os.getpgrp() == os.getpid():  # this worker leads its own group: LibreOffice's too
        os.killpg(os.getpgrp(), signal.SIGKILL)
    office.kill()


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
