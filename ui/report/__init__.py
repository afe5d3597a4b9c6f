"""A client's report on pages: laid out from calm.reports.client_report's values with Qt's own
rich text, charts drawn with QPainter, written as PDF (QPdfWriter) or sent to a printer."""
