from __future__ import annotations

from datetime import date, datetime

from django.test import SimpleTestCase

from spolu.interchange.readers import FileProblem, header_problems, read_table
from spolu.interchange.registry import Column
from spolu.interchange.testing import csv_bytes, xlsx_bytes

COLUMNS = (Column("external_id"), Column("date"), Column("note", required=False))


class CsvReadingTest(SimpleTestCase):
    def test_it_reads_utf8_with_a_byte_order_mark(self):
        table = read_table(
            csv_bytes([["External_ID", "date"], ["Ж-1", "2024-01-02"]], bom=True), "a.csv"
        )
        self.assertEqual(table.header, ["external_id", "date"])
        self.assertEqual(table.rows[0]["external_id"], "Ж-1")
        self.assertEqual(table.rows[0].line, 2)

    def test_empty_rows_are_skipped_but_keep_their_line_numbers(self):
        table = read_table(csv_bytes([["external_id"], ["a"], [""], ["b"]]), "a.csv")
        self.assertEqual([(r.line, r["external_id"]) for r in table.rows], [(2, "a"), (4, "b")])

    def test_a_cell_with_a_line_break_counts_as_one_spreadsheet_line(self):
        table = read_table(
            csv_bytes([["external_id", "note"], ["a", "two\nlines"], ["b", ""]]), "a.csv"
        )
        self.assertEqual([r.line for r in table.rows], [2, 3])

    def test_a_file_in_another_encoding_is_refused(self):
        with self.assertRaisesMessage(FileProblem, "UTF-8"):
            read_table("external_id\nŽluťoučký\n".encode("cp1250"), "a.csv")

    def test_an_excel_file_named_csv_is_refused(self):
        with self.assertRaises(FileProblem):
            read_table(xlsx_bytes([["external_id"]]), "a.csv")

    def test_a_text_file_named_xlsx_is_refused(self):
        with self.assertRaises(FileProblem):
            read_table(b"external_id\n1\n", "a.xlsx")

    def test_other_file_types_are_refused(self):
        with self.assertRaises(FileProblem):
            read_table(b"%PDF-1.4", "a.pdf")

    def test_an_empty_file_is_refused(self):
        with self.assertRaises(FileProblem):
            read_table(b"", "a.csv")

    def test_a_row_longer_than_the_header_is_reported(self):
        table = read_table(csv_bytes([["external_id"], ["a", "surplus"]]), "a.csv")
        self.assertEqual([e.line for e in table.problems], [2])

    def test_cells_escaped_against_formulas_are_read_back_as_they_were(self):
        table = read_table(
            csv_bytes([["external_id", "note"], ["a", "'=1+2"], ["b", "'Brien"]]), "a.csv"
        )
        self.assertEqual([r["note"] for r in table.rows], ["=1+2", "'Brien"])


class XlsxReadingTest(SimpleTestCase):
    def test_it_reads_the_first_sheet_with_dates_and_numbers_as_text(self):
        data = xlsx_bytes(
            [
                ["external_id", "date", "note"],
                [17, datetime(2024, 3, 5), 2.5],
                ["x", date(2023, 1, 2), None],
            ]
        )
        table = read_table(data, "file.XLSX")
        self.assertEqual(
            table.rows[0].values, {"external_id": "17", "date": "2024-03-05", "note": "2.5"}
        )
        self.assertEqual(table.rows[1]["date"], "2023-01-02")
        self.assertEqual(table.rows[1].line, 3)

    def test_a_damaged_workbook_is_refused(self):
        data = xlsx_bytes([["a"]])
        with self.assertRaises(FileProblem):
            read_table(data[:200], "a.xlsx")


class HeaderTest(SimpleTestCase):
    def test_missing_and_unknown_columns_are_reported_on_line_1(self):
        problems = header_problems(["external_id", "colour"], COLUMNS)
        self.assertEqual([p.line for p in problems], [1, 1])
        text = " ".join(p.message for p in problems)
        self.assertIn("date", text)
        self.assertIn("colour", text)

    def test_optional_columns_may_be_left_out(self):
        self.assertEqual(header_problems(["date", "external_id"], COLUMNS), [])

    def test_semicolon_separated_files_get_a_helpful_reason(self):
        problems = header_problems(["external_id;date"], COLUMNS)
        self.assertEqual(len(problems), 1)
        self.assertIn(";", problems[0].message)
