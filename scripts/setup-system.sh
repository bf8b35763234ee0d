#!/bin/sh
# Installs what ceres-docs needs from the system: Python's venv module, LibreOffice and its
# UNO bridge for Python (the web server's warm LibreOffice), and Chromium with its driver for
# the web page's tests.
# As root it installs missing packages with apt-get; otherwise it says what to install.
set -eu

PYTHON="${PYTHON:-python3}"
missing=""

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "ceres-docs a besoin de Python 3.10 ou plus récent ($PYTHON introuvable ou trop ancien)." >&2
    missing="$missing python3 python3-venv"
elif ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    missing="$missing python3-venv"
fi

if [ -n "${CERES_DOCS_SOFFICE:-}" ] && [ -x "${CERES_DOCS_SOFFICE}" ]; then
    :
elif ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    missing="$missing libreoffice-writer-nogui fonts-dejavu fonts-liberation2 fonts-crosextra-carlito"
fi

# The web server keeps LibreOffice running and drives it through UNO, from the system's
# Python (Debian's python3-uno); without it the server starts LibreOffice for each production.
if [ -z "${CERES_DOCS_UNO_PYTHON:-}" ] && command -v apt-get >/dev/null 2>&1 \
        && ! /usr/bin/python3 -c 'import uno' 2>/dev/null; then
    missing="$missing python3-uno"
fi

# The web page's tests drive Debian's Chromium through its chromedriver (Selenium).
if ! command -v chromedriver >/dev/null 2>&1; then
    missing="$missing chromium chromium-driver"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation des paquets manquants :$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi

echo "Paquets manquants :$missing" >&2
echo "Installez-les avec les droits administrateur, puis relancez la commande :" >&2
echo "    sudo apt-get install$missing" >&2
exit 1
