"""Writing a report as PDF, or sending it to a printer, with Qt's own print support.

The PDF is made in memory and then written to its file in one step (a temporary file beside
it, renamed into place, readable by the owner only), so a failed write never leaves half a
report behind and never replaces a good one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from calm.errors import CalmError
from calm.reports.client_report import ClientReport
from ui.report.document import build_document


def pdf_bytes(report: ClientReport) -> bytes:
    """The report as the bytes of an A4 PDF."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Calm Harbor report: {report.client.name}")
    writer.setCreator("Calm Harbor")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 16, 18, 16),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = build_document(report)
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


def write_report_pdf(report: ClientReport, target: Path) -> Path:
    """Write the report to `target` (a .pdf file); a CalmError says why it could not be."""
    target = Path(target)
    if not str(target).strip() or target.is_dir():
        raise CalmError(f"Please name a file to write the report to (not {str(target)!r}).")
    content = pdf_bytes(report)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=folder)
    except OSError as error:
        raise CalmError(_cannot_write(target, error)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CalmError(_cannot_write(target, error)) from None
    return target


def _cannot_write(target: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return (
        f"The report could not be written to {target} ({reason}). Choose another folder "
        "(one you can write to, with some free space) and try again."
    )


def print_report(report: ClientReport, printer) -> None:
    """Send the report to a QPrinter the person chose in the print dialog."""
    build_document(report).print_(printer)
