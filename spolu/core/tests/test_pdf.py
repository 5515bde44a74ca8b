from io import BytesIO

from django.test import SimpleTestCase, override_settings
from pypdf import PdfReader

from spolu.core.pdf import AttendanceSheet, SheetRow, attendance_sheet_pdf


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


class AttendanceSheetTest(SimpleTestCase):
    @override_settings(SPOLU_PUBLICITY_LINE="Spolufinancováno EU (AMIF).")
    def test_it_lists_every_participant_with_the_publicity_line(self):
        sheet = AttendanceSheet(
            title="Čeština A1 – lekce 3",
            activity="A08 – Výuka českého jazyka",
            when="23. 11. 2026 16:00–17:30",
            place="Ústí nad Labem",
            organiser="Eva Procházková",
            rows=[
                SheetRow("Шевченко Олександр / Shevchenko Oleksandr", "1985"),
                SheetRow("Nguyễn Thị Hương", "1990"),
            ],
        )
        pdf = attendance_sheet_pdf(sheet)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        self.assertIn("Shevchenko Oleksandr", text)
        self.assertIn("Шевченко", text)
        self.assertIn("Nguyễn Thị Hương", text)
        self.assertIn("Spolufinancováno EU (AMIF).", text)
        self.assertIn("Eva Procházková", text)
