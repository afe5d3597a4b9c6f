"""The report as one rich-text document: headings, sentences, tables and chart images.

Built from a `ClientReport` only; everything a person typed (names, goals, notes,
instructions) is escaped before it goes into the markup.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextDocument

from calm.programme.model import PGIC_CHOICES, PGIC_QUESTION
from calm.reports.client_report import ClientReport
from ui.report.charts import Series, bar_chart, line_chart

STYLE = """
body { font-family: 'DejaVu Sans'; font-size: 10pt; color: #222; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; color: #1f5f8b; }
p.small { font-size: 8.5pt; color: #555; }
table { border-collapse: collapse; }
th { text-align: left; background: #e8eef3; }
td { border-bottom: 1px solid #ddd; }
"""


def _date(day) -> str:
    return day.strftime("%-d %b %Y")


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        "<table width='100%' cellspacing='0' cellpadding='5' border='0'>"
        f"<tr>{cells}</tr>{body}</table>"
    )


def _image(name: str) -> str:
    return f"<p><img src='chart://{name}' width='520'></p>"


def build_document(report: ClientReport) -> QTextDocument:
    """The whole report, ready to print or to write as PDF."""
    document = QTextDocument()
    document.setDefaultStyleSheet(STYLE)
    document.setDefaultFont(QFont("DejaVu Sans", 10))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"Calm Harbor report: {report.client.name}"
    )
    parts = [_heading(report), _programme(report, document), _outcomes(report, document)]
    parts += [_goals(report, document), _impressions(report), _energy(report), _notes(report)]
    parts.append(
        "<p class='small'>Pain and stress are the client's own 0-10 ratings before and after "
        "each practice. A change is named as an improvement band (IMMPACT) only when the "
        "ratings can carry it. Made by Calm Harbor on this computer; nothing was sent anywhere."
        "</p>"
    )
    document.setHtml("".join(parts))
    return document


def _heading(report: ClientReport) -> str:
    minutes = round(report.minutes)
    return (
        f"<h1>{escape(report.client.name)}</h1>"
        f"<p>Calm Harbor practice report, {_date(report.start)} to {_date(report.end)}. "
        f"Made {_date(report.made.date())}.</p>"
        f"<p>{report.practices} practice{'s' if report.practices != 1 else ''} completed in "
        f"this period, {minutes} minute{'s' if minutes != 1 else ''} in all.</p>"
    )


def _programme(report: ClientReport, document: QTextDocument) -> str:
    programme = report.programme
    if not programme.items:
        return "<h2>Programme</h2><p>No home programme was set.</p>"
    rows = [
        [
            report.title_of(item.practice_id),
            f"{item.length} min",
            item.how_often(),
            item.instruction or "",
        ]
        for item in programme.items
    ]
    html = "<h2>Programme</h2>" + _table(["Practice", "Length", "How often", "Instruction"], rows)
    if programme.note:
        html += f"<p>{escape(programme.note)}</p>"
    if report.adherence_words:
        html += f"<p>{escape(report.adherence_words)}</p>"
        bars = [(w.week_start, w.done, w.prescribed) for w in report.adherence]
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl("chart://adherence"),
            bar_chart("Programme: done against asked, week by week", bars),
        )
        html += _image("adherence")
    return html


def _weekly_series(report: ClientReport) -> list[Series]:
    series = []
    for outcome, name in (
        (report.pain, "Pain before practice"),
        (report.stress, "Stress before practice"),
    ):
        points = tuple(
            (week.week_start, week.mean_before)
            for week in outcome.weeks
            if week.mean_before is not None and report.start <= week.week_start <= report.end
        )
        series.append(Series(name, points))
    return series


def _outcomes(report: ClientReport, document: QTextDocument) -> str:
    html = "<h2>Pain and stress</h2>"
    html += "".join(f"<p>{escape(line)}</p>" for line in report.outcome_words)
    document.addResource(
        QTextDocument.ResourceType.ImageResource,
        QUrl("chart://ratings"),
        line_chart("Weekly average rating before practice (0-10)", _weekly_series(report)),
    )
    html += _image("ratings")
    rows = report.practice_rows()
    if rows:
        html += (
            "<p>Change right after each practice, on average (negative is relief; a practice "
            "needs 3 runs rated before and after):</p>"
        )
        html += _table(["Practice", "Pain", "Stress"], rows)
    return html


def _goals(report: ClientReport, document: QTextDocument) -> str:
    if not report.goals:
        return "<h2>Goals</h2><p>No goals were set.</p>"
    rows = [
        [goal.goal.text + (" (set aside)" if goal.goal.archived else ""), goal.summary]
        for goal in report.goals
    ]
    html = "<h2>Goals</h2><p>How well the client can do each, 0 (not at all) to 10.</p>"
    html += _table(["Goal, in the client's words", "Rating in this period"], rows)
    series = [
        Series(f"Goal {n}", tuple((r.rated.date(), r.value) for r in goal.ratings))
        for n, goal in enumerate(report.goals, 1)
    ]
    document.addResource(
        QTextDocument.ResourceType.ImageResource,
        QUrl("chart://goals"),
        line_chart("Goal ratings over time (0-10)", series),
    )
    return html + _image("goals")


def _impressions(report: ClientReport) -> str:
    html = f"<h2>Impression of change</h2><p class='small'>{escape(PGIC_QUESTION)}</p>"
    if not report.impressions:
        return html + "<p>Not asked in this period.</p>"
    rows = [
        [_date(i.rated.date()), f"{i.value} of 7", PGIC_CHOICES[i.value - 1]]
        for i in report.impressions
    ]
    return html + _table(["Date", "Answer", "In words"], rows)


def _energy(report: ClientReport) -> str:
    if not report.energy:
        return ""
    rows = [[_date(when.date()), f"{value} of 10"] for when, value in report.energy]
    return "<h2>Energy at the pacing check-in</h2>" + _table(["Date", "Energy"], rows)


def _notes(report: ClientReport) -> str:
    if not report.notes:
        return ""
    rows = [[_date(note.written.date()), note.text] for note in report.notes]
    return "<h2>Therapist's notes</h2>" + _table(["Date", "Note"], rows)
