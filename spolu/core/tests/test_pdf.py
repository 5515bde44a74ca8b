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


class PdfLogosTest(SimpleTestCase):
    sheet = AttendanceSheet(
        title="Čeština A1 – lekce 3",
        activity="A08 – Výuka českého jazyka",
        when="23. 11. 2026 16:00–17:30",
        place="Ústí nad Labem",
        organiser="Eva Procházková",
        rows=[],
    )

    def test_without_logos_configured_the_placeholders_are_shown(self):
        with override_settings(SPOLU_PDF_LOGOS=[]):
            pdf = attendance_sheet_pdf(self.sheet)
        self.assertIn("Logo centra", pdf_text(pdf))
        self.assertEqual(len(PdfReader(BytesIO(pdf)).pages[0].images), 0)

    def test_the_configured_logos_are_on_every_pdf(self):
        import tempfile
        from pathlib import Path

        from PIL import Image

        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for name, colour in (("centrum.png", "navy"), ("eu.png", "blue")):
                path = Path(folder) / name
                Image.new("RGB", (120, 40), colour).save(path)
                paths.append(str(path))
            with override_settings(SPOLU_PDF_LOGOS=[*paths, f"{folder}/missing.png"]):
                pdf = attendance_sheet_pdf(self.sheet)
        self.assertNotIn("Logo centra", pdf_text(pdf))
        self.assertEqual(len(PdfReader(BytesIO(pdf)).pages[0].images), 2)

    def test_the_setting_reads_a_comma_separated_list_from_the_environment(self):
        import os
        import subprocess
        import sys

        from django.conf import settings

        code = "from django.conf import settings; print(settings.SPOLU_PDF_LOGOS)"
        env = {**os.environ, "SPOLU_PDF_LOGOS": "static/a.png, /srv/eu.png,", "SPOLU_DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        self.assertEqual(result.stdout.strip(), "['static/a.png', '/srv/eu.png']", result.stderr)
