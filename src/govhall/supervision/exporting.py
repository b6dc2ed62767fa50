"""Excel (xlsx) of every table the supervision pages show: the same rows and numbers, rates as numbers formatted as
percentages (so they can be summed and charted), with the filters and the data time on the first lines."""

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from govhall.core.downloads import as_download
from govhall.supervision.definitions import AVERAGE, RATE
from govhall.supervision.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(
    filename: str,
    title: str,
    notes: Sequence[str],
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[str] = (),
) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(list(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(list(row))
    for index, number_format in enumerate(formats, start=1):
        if not number_format:
            continue
        for (number_cell,) in sheet.iter_rows(min_row=first, min_col=index, max_col=index):
            number_cell.number_format = number_format
    sheet.freeze_panes = f"B{first}"
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    as_download(response, filename)
    return response


def table_response(table: Table, filename: str, title: str, notes: Sequence[str], first_column: str) -> HttpResponse:
    header = [first_column, *(_heading(f) for f in table.figures)]
    formats = ["", *("0.0%" if f.unit == RATE else ("0.00" if f.unit == AVERAGE else "0") for f in table.figures)]
    rows = [[row.label, *(value.excel for value in row.cells(table.figures))] for row in [*table.rows, table.total]]
    return workbook_response(filename, title, notes, header, rows, formats)


def _heading(figure: Any) -> str:
    return f"{figure.label}（{figure.side}）" if figure.side else str(figure.label)
