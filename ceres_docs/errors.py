"""Failures of the environment or of the file itself, as opposed to bad data."""


class CeresDocsError(Exception):
    "Base class: the message is French and meant for the user."


class WorkbookUnreadable(CeresDocsError):
    "The file is not an Excel workbook the tool can read."


class OutputError(CeresDocsError):
    "The output cannot be written where the user asked."
