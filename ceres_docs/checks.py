"""The catalogue of checks: every code validate can report, with its severity, French title,
reference in the procedure (P§n) or the CERES newsletter (N) and a one-line explanation.

An issue can only be raised with a code of this catalogue (report.Issue refuses any other);
docs/classeur.md lists it.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    title: str
    reference: str  # « P§2 », « N », or empty for the workbook's own rules
    explanation: str


def _error(code: str, title: str, reference: str, explanation: str) -> Check:
    return Check(code, ERROR, title, reference, explanation)


def _warning(code: str, title: str, reference: str, explanation: str) -> Check:
    return Check(code, WARNING, title, reference, explanation)


CATALOGUE = (
    # The file and its sheets.
    _error("unreadable-workbook", "Fichier illisible", "",
           "Le fichier n'est pas un classeur .xlsx lisible (vide, CSV, .ods, .xls, protégé par "
           "mot de passe, endommagé) ; seul cas où rien d'autre n'est vérifié."),
    _error("missing-sheet", "Feuille manquante", "", "Une feuille du classeur manque."),
    _error("missing-column", "Colonne manquante", "",
           "Une colonne obligatoire manque ; l'en-tête le plus proche est proposé."),
    _error("duplicate-column", "Colonne en double", "",
           "Deux colonnes portent le même en-tête."),
    _error("header-not-first-row", "En-têtes mal placés", "",
           "Les en-têtes ne sont pas en ligne 1."),
    _error("too-many-rows", "Trop de lignes", "",
           "Une feuille dépasse 200 000 lignes : la suite n'est pas lue."),
    _error("merged-cells", "Cellules fusionnées", "",
           "Cellules fusionnées (en-têtes ou colonnes lues) : seule la première cellule a une "
           "valeur ; défusionnez-les et tapez la valeur dans chaque cellule. Les autres cellules "
           "de la plage ne sont pas signalées en plus."),
    _error("formula-without-value", "Formule sans valeur", "",
           "Formule sans valeur calculée (classeur écrit par un autre programme qu'Excel) : "
           "ouvrez et enregistrez le classeur dans Excel, ou tapez la valeur."),
    _warning("workbook-open", "Classeur ouvert", "",
             "Le classeur est ouvert dans Excel (fichier ~$ à côté) : seules les données "
             "enregistrées sont lues."),
    # Cells.
    _error("required-value", "Valeur obligatoire", "", "Une cellule obligatoire est vide."),
    _error("invalid-date", "Date illisible", "",
           "Date illisible ou inexistante (31/02/1990)."),
    _error("invalid-time", "Heure illisible", "", "Heure illisible."),
    _error("invalid-choice", "Valeur hors liste", "",
           "Valeur hors de la liste (la casse et les accents sont ignorés)."),
    _error("invalid-title-code", "Code titre mal formé", "", "Code titre mal formé."),
    _error("invalid-ccp-code", "Code CCP mal formé", "", "Code CCP mal formé."),
    _error("invalid-ccp-list", "Liste de CCP mal formée", "",
           "Un des « CCP obtenus » est mal formé."),
    _error("invalid-session-id", "N° session mal formé", "",
           "N° session autre que des chiffres."),
    _error("invalid-ceres-id", "N° CERES mal formé", "", "N° CERES mal formé."),
    _error("invalid-email", "Adresse électronique mal formée", "",
           "Adresse électronique mal formée."),
    _error("invalid-postcode", "Code postal mal formé", "", "Code postal mal formé."),
    _error("duplicate-key", "Identifiant en double", "",
           "Code centre, code titre, code CCP, N° session ou N° CERES en double."),
    # Parameters.
    _error("missing-parameter", "Paramètre manquant", "",
           "Paramètre obligatoire absent, ou sans valeur (Organisme)."),
    _warning("unknown-parameter", "Paramètre inconnu", "", "Paramètre inconnu, ignoré."),
    _error("invalid-parameter", "Paramètre invalide", "", "Valeur de paramètre invalide."),
    # References between sheets.
    _error("unknown-centre", "Centre inconnu", "", "Code centre absent de la feuille Centres."),
    _error("unknown-title", "Titre inconnu", "", "Code titre absent de la feuille Titres."),
    _error("unknown-ccp", "CCP inconnu", "", "Code CCP absent de la feuille CCP."),
    _error("unknown-session", "Session inconnue", "",
           "N° session absent de la feuille Sessions."),
    _error("unknown-candidate", "Candidat inconnu", "",
           "N° CERES absent de la feuille Candidats."),
    _error("invalid-short-name", "Nom court inutilisable", "",
           "Nom court ou abrégé sans lettre ni chiffre (noms de fichiers)."),
    # Sessions.
    _error("ccp-required", "Code CCP manquant", "", "Session CCP sans code CCP."),
    _error("ccp-not-expected", "Code CCP en trop", "", "Session Titre avec un code CCP."),
    _error("ccp-not-in-title", "CCP d'un autre titre", "",
           "CCP (de la session ou obtenu) qui n'appartient pas au titre."),
    _error("end-before-start", "Fin avant le début", "",
           "Date de fin avant la date de début (session, agrément)."),
    _error("real-end-before-start", "Fin réelle avant le début", "",
           "Date réelle de fin avant la date de début."),
    _error("no-agrement", "Aucun agrément", "P§2",
           "Aucun agrément du centre pour le titre : demande d'agrément par le MF."),
    _error("agrement-expired", "Session plus d'un an après l'agrément", "P§2",
           "Session qui se termine plus d'un an après la fin de l'agrément : impossible."),
    _warning("agrement-notice", "DIECCTE à prévenir", "P§2",
             "Session qui se termine dans l'année qui suit la fin de l'agrément : prévenir la "
             "DIECCTE avant la fin de cette année, puis saisir « DIECCTE prévenue le »."),
    _error("agrement-not-started", "Session avant l'agrément", "P§2",
           "Session avant le début de l'agrément."),
    # Inscriptions and results.
    _error("duplicate-inscription", "Inscription en double", "",
           "Le même candidat inscrit deux fois à une session."),
    _error("absent-with-result", "Absent avec un résultat", "P§7",
           "Candidat absent avec un résultat ou des CCP."),
    _error("result-without-presence", "Résultat sans présence", "P§7",
           "Résultat saisi sans la présence."),
    _error("partial-without-ccp", "Partiellement admis sans CCP", "P§7",
           "« Partiellement admis » sans CCP obtenus."),
    _warning("refused-with-ccp", "Refusé avec des CCP", "P§7",
             "« Refusé » avec des CCP obtenus."),
    _warning("partial-with-all-ccps", "Tous les CCP obtenus", "P§7",
             "« Partiellement admis » avec tous les CCP du titre."),
    _warning("partial-in-ccp-session", "Partiellement admis à un CCP", "P§7",
             "« Partiellement admis » dans une session CCP."),
    _warning("missing-comment", "Commentaire manquant", "P§7",
             "Candidat présent, partiellement admis ou refusé, sans commentaire."),
    _error("collected-before-reception", "Retrait avant réception", "P§11",
           "Parchemin retiré avant sa réception."),
    _error("results-before-end", "Résultats avant la fin de l'examen", "N",
           "Résultats saisis alors que la date réelle de fin n'est pas encore passée."),
    _error("results-without-real-end", "Résultats sans date réelle de fin", "N",
           "Résultats saisis sans date réelle de fin."),
    _error("status-without-real-end", "Statut sans date réelle de fin", "N",
           "Statut « Résultats saisis » ou « Clôturée » sans date réelle de fin."),
    _error("status-without-result", "Statut sans tous les résultats", "P§7, P§9",
           "Statut « Résultats saisis » ou « Clôturée » avec un candidat sans résultat ni "
           "absence."),
    _warning("timetable-missing", "Déroulement des épreuves vide", "P§6",
             "Titre d'une session à convoquer sans « Déroulement des épreuves » : la "
             "convocation n'indiquerait aucun horaire."),
    # Statuses and postponements.
    _error("status-without-dte", "Statut sans commande du DTE", "P§5",
           "Statut « Demande de DTE envoyée » ou suivant sans date de commande du DTE."),
    _error("rs-required", "Responsable de session manquant", "P§5",
           "À partir de « Demande de DTE envoyée », nom et qualité du RS obligatoires."),
    _error("rs-contact-required", "Coordonnées du RS manquantes", "P§5",
           "RS ne figurant pas sur l'agrément sans téléphone ou sans courriel."),
    _error("plis-before-pv", "Plis retirés avant les PV validés", "P§10",
           "« Date retrait des plis » sans « Date réception PV validés », ou avant elle."),
    _warning("cancelled-after-dte", "Annulée après le DTE", "P§3",
             "Session annulée après la commande du DTE : une session ne se supprime "
             "qu'avant."),
    _error("postpone-incomplete", "Report incomplet", "N",
           "Report : une seule des deux dates souhaitées est indiquée."),
    _error("postpone-end-before-start", "Report : fin avant début", "N",
           "Report : fin souhaitée avant le début souhaité."),
    _warning("postpone-while-preparing", "Report d'une session en préparation", "N",
             "Report demandé pour une session « En préparation » : le centre peut changer la "
             "date lui-même dans CERES."),
    _warning("postpone-start-past", "Report dans le passé", "N",
             "Report : le début souhaité est déjà passé."),
    _warning("postpone-impossible", "Report impossible", "N",
             "Report demandé pour une session commencée, ou dont le statut ne le permet plus : "
             "la demande n'est pas préparée."),
    # Candidates.
    _error("birth-postcode-missing", "Code postal de naissance manquant", "P§4",
           "Né(e) en France sans code postal."),
    _error("birth-postcode-reunion", "Code postal de naissance en trop", "P§4",
           "Né(e) à La Réunion avec un code postal."),
    _error("birth-date-future", "Naissance dans le futur", "",
           "Date de naissance dans le futur."),
    _warning("duplicate-person", "Fiches en double", "P§4.3",
             "Même personne (nom, prénom, date de naissance ; ou nom et prénom inversés) sous "
             "plusieurs N° CERES."),
    _error("birth-country-code", "Pays en code", "P§4",
           "Pays de naissance tapé comme un nombre ou un code (974, FR) : en toutes lettres."),
    _warning("birth-postcode-france-reunion", "Code postal de La Réunion, pays France", "P§4",
             "Pays « France » avec un code postal 974xx : pour La Réunion, pays « Réunion » et "
             "commune sans code postal."),
    _warning("birth-postcode-abroad", "Code postal à l'étranger", "P§4",
             "Pays autre que la France ou La Réunion avec un code postal."),
    # Jury.
    _error("jury-too-small", "Jury incomplet", "",
           "Session avec candidats et moins de deux membres de jury."),
    _error("habilitation-expired", "Habilitation expirée", "",
           "Habilitation d'un jury finie avant la fin de la session."),
    _warning("habilitation-missing", "Habilitation non renseignée", "",
             "Jury sans date de fin d'habilitation."),
)
CHECKS = {check.code: check for check in CATALOGUE}
