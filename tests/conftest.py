import pytest
from builders import Book, minimal_book


@pytest.fixture
def book() -> Book:
    """A fresh valid workbook as dicts, for a test to spoil one cell at a time."""
    return minimal_book()
