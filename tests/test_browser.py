"""The web page in a real browser (Debian's Chromium, driven by Selenium through Debian's
chromedriver), against `ceres-docs serve` started on the loopback address: what a member of
staff sees. The server and everything it started are stopped at the end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "sessions.xlsx"
CHROMEDRIVER = shutil.which("chromedriver")
# Screenshots of what the browser showed, for a person to look at after a run.
SHOTS = Path(os.environ.get("CERES_DOCS_SHOTS", "/tmp")) / "ceres-docs-captures"
SHOTS.mkdir(parents=True, exist_ok=True)
pytestmark = pytest.mark.skipif(
    CHROMEDRIVER is None and not os.environ.get("CI"),
    reason="chromedriver absent: « make test » installs it (scripts/setup-system.sh)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("serveur") / "serve.log"
    output = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "ceres_docs", "serve", "--port", str(port)],
        cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        output.close()
        pytest.fail(f"the server did not start: {log.read_text(encoding='utf-8')}")
    yield url
    process.terminate()
    assert process.wait(timeout=15) is not None  # stopped, with everything it started
    output.close()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=fr-FR",
                     "--window-size=1200,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def drop(browser, url: str, path: Path, day: str = "") -> None:
    from selenium.webdriver.common.by import By

    browser.get(url)
    browser.find_element(By.ID, "classeur").send_keys(str(path))
    if day:
        browser.execute_script(f"document.getElementById('today').value = '{day}'")
    button = browser.find_element(By.CSS_SELECTOR, "button[type=submit]")
    button.click()
    wait_for_next_page(browser, button)


def wait_for_next_page(browser, element) -> None:
    """A click that submits a form returns before the next page is there: wait until the
    element clicked belongs to a page that is gone."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def gone(_browser: object) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:  # stale, or (Chromium, mid-navigation) « Node with given
            return True             # id does not belong to the document »
        return False

    WebDriverWait(browser, 60).until(gone)


def test_dropping_the_sample_shows_its_counts_and_its_agenda(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    drop(browser, server, SAMPLE, "2026-11-30")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Vérification de « sessions.xlsx »"
    assert browser.find_element(By.ID, "errors").text == "0"
    assert browser.find_element(By.ID, "warnings").text == "1"
    assert "SINIMALE Kevin" in browser.find_element(By.TAG_NAME, "table").text
    browser.save_screenshot(str(SHOTS / "rapport.png"))
    link = browser.find_element(By.LINK_TEXT, "Voir l'agenda")
    link.click()
    wait_for_next_page(browser, link)
    stages = browser.find_element(By.CLASS_NAME, "stages").text
    assert "Session 224724 ECSR du 08/02/2027 au 11/02/2027 : DTE commandé" in stages


def test_a_broken_file_gets_a_french_message(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    broken = tmp_path / "sessions.xlsx"
    broken.write_text("N° session;Code centre\n224566;CFPAE\n", encoding="utf-8")
    drop(browser, server, broken)
    alerts = browser.find_elements(By.CSS_SELECTOR, "[role=alert]")
    assert alerts, browser.page_source[:3000]
    alert = alerts[0].text
    browser.save_screenshot(str(SHOTS / "fichier-illisible.png"))
    assert alert == ("« sessions.xlsx » n'est pas un classeur Excel : il ressemble à un fichier "
                     "texte (CSV ?). Ouvrez-le dans Excel et enregistrez-le au format « Classeur "
                     "Excel (*.xlsx) ».")


def test_producing_shows_progress_then_what_leaves_today(server, browser, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    drop(browser, server, SAMPLE, "2026-11-30")
    button = browser.find_element(By.CSS_SELECTOR, "form.produce button")
    button.click()
    wait_for_next_page(browser, button)
    # The progress page reloads itself every 2 s: read it between two loads.
    patient = WebDriverWait(browser, 180, ignored_exceptions=[StaleElementReferenceException])
    patient.until(lambda page: page.find_element(By.TAG_NAME, "h1").text in (
        "Production en cours…", "Documents produits"))
    browser.save_screenshot(str(SHOTS / "production-en-cours.png"))
    patient.until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"),
                                                                    "Documents produits"))
    mail = browser.find_element(By.ID, "mail").text
    assert ("DIECCTE, par la poste – session 224633 : 1 PV général, 2 PV individuels, 1 "
            "bordereau d'envoi à la DIECCTE") in mail
    assert browser.find_element(By.LINK_TEXT, "Télécharger l'envoi du jour (.zip)")
    browser.save_screenshot(str(SHOTS / "production-finie.png"))
