"""The workbook contract: sheets, columns, value lists, in the users' French."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Choice(str, Enum):
    """A value of one of the workbook's drop-down lists: compared as itself in the logic,
    printed and typed in its French spelling (its value)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def spellings(cls) -> tuple[str, ...]:
        """The list's values, in French, in their order."""
        return tuple(str(member.value) for member in cls)


class SessionType(Choice):
    TITLE = "Titre"
    CCP = "CCP"


class Status(Choice):
    """A session's status in CERES (N), in the order of its life; cancelled aside."""

    PREPARING = "En préparation"
    DTE_ORDERED = "Demande de DTE envoyée"
    CONVENED = "Convocations envoyées"
    RESULTS_ENTERED = "Résultats saisis"
    CLOSED = "Clôturée"
    CANCELLED = "Annulée"

    def reached(self, step: Status) -> bool:
        """This status is step or a later one (a cancelled session reaches none)."""
        order = list(Status)
        return self is not Status.CANCELLED and order.index(self) >= order.index(step)


class RsQuality(Choice):
    HOLDER = "Titulaire"
    DEPUTY = "Suppléant"
    NOT_ON_AGREMENT = "Personne ne figurant pas sur l'agrément"


class Presence(Choice):
    PRESENT = "Présent"
    EXCUSED = "Absence justifiée"
    UNEXCUSED = "Absence injustifiée"


class Result(Choice):
    ADMITTED = "Admis"
    PARTIAL = "Partiellement admis"
    REFUSED = "Refusé"


class Role(Choice):
    JURY = "Jury"
    INVIGILATOR = "Surveillant"


DEFAULT_DIECCTE_EMAIL = "974.certification@dieccte.gouv.fr"
DEFAULT_ADMINISTRATION = "DIECCTE de La Réunion"


@dataclass(frozen=True)
class Column:
    """One column of a sheet, found by its header."""

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    optional: bool = False
    choices: type[Choice] | None = None
    width: int = 16
    help: str = ""
    example: str = ""

    @property
    def options(self) -> tuple[str, ...]:
        """The drop-down list's values, in French; none for a column without a list."""
        return self.choices.spellings() if self.choices else ()


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Parameter:
    key: str
    name: str
    required: bool = False
    default: str = ""
    help: str = ""
    example: str = ""


PARAMETERS = (
    Parameter(
        "organisation",
        "Organisme",
        required=True,
        help="Nom de l'organisme de formation, tel qu'il figure sur les documents.",
        example="SPL AFPAR",
    ),
    Parameter(
        "dieccte_email",
        "Courriel certification DIECCTE",
        default=DEFAULT_DIECCTE_EMAIL,
        help="Adresse à laquelle le formulaire RA est envoyé (P§11).",
        example=DEFAULT_DIECCTE_EMAIL,
    ),
    Parameter(
        "administration_name",
        "Administration – nom",
        default=DEFAULT_ADMINISTRATION,
        help="Nom de l'administration qui valide les PV et délivre les titres, tel qu'il "
        "figure sur les bordereaux et les lettres (la DIECCTE est devenue la DEETS en 2021).",
        example=DEFAULT_ADMINISTRATION,
    ),
    Parameter(
        "administration_address",
        "Administration – adresse",
        help="Adresse postale de l'administration, sur les bordereaux et les lettres ; "
        "séparez les lignes par « ; ».",
        example="112 rue de la République ; 97488 Saint-Denis Cedex",
    ),
    Parameter(
        "siret",
        "SIRET",
        help="N° SIRET de l'organisme (demandes de report à l'UD).",
        example="12345678900011",
    ),
)

SHEETS = (
    Sheet(
        "Paramètres",
        "Réglages de l'organisme : une ligne par paramètre.",
        (
            Column("name", "Paramètre", required=True, width=34,
                   help="Nom du paramètre (voir la liste ci-dessous)."),
            Column("value", "Valeur", width=44, help="Sa valeur."),
        ),
    ),
    Sheet(
        "Centres",
        "Les centres d'examen de l'organisme.",
        (
            Column("code", "Code centre", "code", required=True, width=14,
                   help="Code court choisi par l'organisme, repris dans les sessions.",
                   example="CFPAE"),
            Column("name", "Nom", required=True, width=34,
                   help="Nom complet du centre.", example="AFPAR Centre de Saint-André"),
            Column("short_name", "Nom court", required=True, width=18,
                   help="Nom utilisé dans les noms de fichiers (lettres et chiffres).",
                   example="FORMAREUNION"),
            Column("address", "Adresse", width=40, help="Adresse postale du centre."),
            Column("phone", "Téléphone", "phone", width=16, help="Téléphone du centre."),
            Column("email", "Courriel examen", "email", required=True, width=28,
                   help="Boîte générique examen du centre (P§5).",
                   example="examen.cfpae@afpar.com"),
            Column("siret", "SIRET", optional=True, width=16,
                   help="N° SIRET du centre, s'il diffère de celui de l'organisme."),
        ),
    ),
    Sheet(
        "Titres",
        "Les titres professionnels préparés.",
        (
            Column("code", "Code titre", "title_code", required=True, width=12,
                   help="Code du titre : TP- suivi de 5 chiffres.", example="TP-01303"),
            Column("label", "Intitulé", required=True, width=50,
                   help="Intitulé officiel du titre."),
            Column("short", "Abrégé", required=True, width=12,
                   help="Abrégé du titre (repris dans le nom du formulaire RA).",
                   example="ECSR"),
            Column("tests", "Nature des épreuves", optional=True, width=50,
                   help="Nature des épreuves, reprise dans les convocations."),
            Column("timetable", "Déroulement des épreuves", optional=True, width=50,
                   help="Horaires et déroulement des épreuves, repris dans les convocations."),
            Column("documents", "Documents à présenter", optional=True, width=50,
                   help="Pièces que le candidat apporte, séparées par « ; » ; vide : une pièce "
                   "d'identité en cours de validité, la présente convocation, le dossier "
                   "professionnel (DP)."),
        ),
    ),
    Sheet(
        "CCP",
        "Les certificats de compétences professionnelles (CCP) de chaque titre.",
        (
            Column("title", "Code titre", "title_code", required=True, width=12,
                   help="Titre auquel appartient le CCP.", example="TP-01303"),
            Column("code", "Code CCP", "ccp_code", required=True, width=12,
                   help="Code du CCP : CP- suivi de 5 chiffres.", example="CP-00001"),
            Column("label", "Intitulé", required=True, width=60,
                   help="Intitulé du CCP."),
            Column("tests", "Nature des épreuves", optional=True, width=50,
                   help="Nature des épreuves du CCP, reprise dans les convocations d'une "
                   "session CCP."),
            Column("timetable", "Déroulement des épreuves", optional=True, width=50,
                   help="Horaires et déroulement des épreuves du CCP, repris dans les "
                   "convocations d'une session CCP."),
            Column("documents", "Documents à présenter", optional=True, width=50,
                   help="Pièces que le candidat apporte, séparées par « ; » ; vide : une pièce "
                   "d'identité en cours de validité, la présente convocation, le dossier "
                   "professionnel (DP)."),
        ),
    ),
    Sheet(
        "Agréments",
        "Les agréments du centre pour chaque titre (P§2).",
        (
            Column("number", "N° agrément", required=True, width=14,
                   help="Identifiant de l'agrément."),
            Column("centre", "Code centre", "code", required=True, width=12,
                   help="Centre agréé (feuille Centres)."),
            Column("title", "Code titre", "title_code", required=True, width=12,
                   help="Titre agréé (feuille Titres)."),
            Column("start", "Date de début", "date", required=True, width=14,
                   help="Début de validité (JJ/MM/AAAA)."),
            Column("end", "Date de fin", "date", required=True, width=14,
                   help="Fin de validité (JJ/MM/AAAA)."),
        ),
    ),
    Sheet(
        "Sessions",
        "Les sessions d'examen créées dans CERES : une ligne par session.",
        (
            Column("id", "N° session", "session_id", required=True, width=12,
                   help="Identifiant CERES de la session (ID, chiffres seulement).",
                   example="224566"),
            Column("centre", "Code centre", "code", required=True, width=12,
                   help="Centre où a lieu la session (feuille Centres)."),
            Column("type", "Type", "choice", required=True, choices=SessionType, width=8,
                   help="Session de titre complet ou de CCP seul."),
            Column("title", "Code titre", "title_code", required=True, width=12,
                   help="Titre de la session (feuille Titres)."),
            Column("ccp", "Code CCP", "ccp_code", width=12,
                   help="Pour une session CCP : le CCP passé. Vide pour un titre."),
            Column("start", "Date de début", "date", required=True, width=14,
                   help="Premier jour d'examen (JJ/MM/AAAA)."),
            Column("start_time", "Heure de début", "time", required=True, width=10,
                   help="Heure de début du premier jour (9:00, 9h, 08h30)."),
            Column("end", "Date de fin", "date", required=True, width=14,
                   help="Dernier jour prévu."),
            Column("real_end", "Date réelle de fin", "date", width=14,
                   help="À saisir après l'examen, avant les résultats."),
            Column("status", "Statut", "choice", required=True, choices=Status, width=24,
                   help="Statut de la session dans CERES."),
            Column("dte_date", "Date commande DTE", "date", width=14,
                   help="Date de la commande du DTE (P§5)."),
            Column("rs_name", "RS nom", width=24,
                   help="Nom et prénom du responsable de session."),
            Column("rs_quality", "RS qualité", "choice", choices=RsQuality, width=22,
                   help="Qualité du RS au regard de l'agrément (P§5)."),
            Column("place", "Lieu", width=36, help="Lieu des épreuves."),
            Column("pv_received", "Date réception PV validés", "date", width=14,
                   help="Réception des PV validés par la DIECCTE (P§10)."),
            Column("parchemins_received", "Date réception parchemins", "date", width=14,
                   help="Réception des parchemins (P§11)."),
            Column("end_time", "Heure de fin", "time", optional=True, width=10,
                   help="Heure de fin prévue de chaque journée."),
            Column("pv_sent", "Date envoi PV", "date", optional=True, width=14,
                   help="Envoi postal des PV signés à la DIECCTE (P§8)."),
            Column("ra_sent", "Date envoi formulaire RA", "date", optional=True, width=14,
                   help="Envoi par courriel du formulaire RA signé à la DIECCTE (P§11)."),
            Column("documents_returned", "Date retour documents", "date", optional=True,
                   width=14, help="Renvoi à la DIECCTE des documents non retirés (P§11)."),
            Column("postpone_start", "Report début souhaité", "date", optional=True, width=14,
                   help="Demande de report à l'UD : nouvelle date de début souhaitée (N)."),
            Column("postpone_end", "Report fin souhaitée", "date", optional=True, width=14,
                   help="Demande de report à l'UD : nouvelle date de fin souhaitée (N)."),
            Column("plis_collected", "Date retrait des plis", "date", optional=True, width=14,
                   help="Retrait des plis des PV validés : l'affichage des résultats ne se fait "
                   "qu'après (P§10)."),
            Column("dieccte_told", "DIECCTE prévenue le", "date", optional=True, width=14,
                   help="Session après la fin de l'agrément : date à laquelle la DIECCTE a été "
                   "prévenue de la date de la session (P§2)."),
            Column("rs_phone", "RS téléphone", "phone", optional=True, width=16,
                   help="Téléphone du RS (obligatoire pour une personne ne figurant pas sur "
                   "l'agrément, P§5)."),
            Column("rs_email", "RS courriel", "email", optional=True, width=28,
                   help="Courriel du RS (obligatoire pour une personne ne figurant pas sur "
                   "l'agrément, P§5)."),
        ),
    ),
    Sheet(
        "Candidats",
        "Les candidats, une ligne par fiche CERES (P§4).",
        (
            Column("id", "N° CERES", "ceres_id", required=True, width=18,
                   help="Identifiant de la fiche candidat CERES.", example="9741411152681F"),
            Column("last_name", "Nom", required=True, width=20, help="Nom de naissance."),
            Column("first_name", "Prénom", required=True, width=18, help="Prénom."),
            Column("birth_date", "Date de naissance", "date", required=True, width=14,
                   help="JJ/MM/AAAA."),
            Column("birth_country", "Pays de naissance", required=True, width=16,
                   help="France, La Réunion ou autre pays."),
            Column("birth_city", "Commune de naissance", required=True, width=20,
                   help="Commune de naissance."),
            Column("birth_postcode", "Code postal de naissance", "postcode", width=12,
                   help="Obligatoire si le pays est France ; vide si La Réunion (P§4)."),
            Column("email", "Courriel", "email", width=28, help="Adresse électronique."),
            Column("address", "Adresse", width=40, help="Adresse postale."),
            Column("phone", "Téléphone", "phone", optional=True, width=16,
                   help="Téléphone du candidat."),
        ),
    ),
    Sheet(
        "Inscriptions",
        "Une ligne par candidat et par session, résultats compris (P§7).",
        (
            Column("session", "N° session", "session_id", required=True, width=12,
                   help="Session (feuille Sessions)."),
            Column("candidate", "N° CERES", "ceres_id", required=True, width=18,
                   help="Candidat (feuille Candidats)."),
            Column("presence", "Présence", "choice", choices=Presence, width=20,
                   help="État de présence, après l'examen."),
            Column("result", "Résultat", "choice", choices=Result, width=20,
                   help="Décision du jury, pour un candidat présent."),
            Column("ccps", "CCP obtenus", "ccp_list", width=24,
                   help="Codes des CCP obtenus, séparés par « ; » (partiellement admis)."),
            Column("comment", "Commentaire", width=50,
                   help="Commentaire objectif, lié aux grilles d'évaluation, validé par le RS."),
            Column("collected", "Date retrait parchemin", "date", width=14,
                   help="Date à laquelle le candidat a retiré son parchemin (P§11)."),
        ),
    ),
    Sheet(
        "Intervenants",
        "Jurys et surveillants de chaque session.",
        (
            Column("session", "N° session", "session_id", required=True, width=12,
                   help="Session (feuille Sessions)."),
            Column("role", "Rôle", "choice", required=True, choices=Role, width=12,
                   help="Jury ou Surveillant."),
            Column("last_name", "Nom", required=True, width=20, help="Nom."),
            Column("first_name", "Prénom", required=True, width=18, help="Prénom."),
            Column("email", "Courriel", "email", width=28, help="Adresse électronique."),
            Column("phone", "Téléphone", "phone", width=16, help="Téléphone."),
            Column("habilitation_end", "Fin d'habilitation", "date", width=14,
                   help="Pour un jury : fin de validité de son habilitation."),
            Column("address", "Adresse", optional=True, width=40,
                   help="Adresse postale, sous le nom en tête de la convocation ; sans elle, "
                   "le nom seul.", example="12 chemin Boeuf Mort, 97400 Saint-Denis"),
        ),
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def sheet(name: str) -> Sheet:
    return SHEETS_BY_NAME[name]
