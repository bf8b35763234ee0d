"""ceres-docs: the exam staff's workbook, checked, and the documents that come out of it."""

__version__ = "0.1.0"
