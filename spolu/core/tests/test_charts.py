from django.test import SimpleTestCase

from spolu.core.charts import bar_chart, line_chart


class ChartsTest(SimpleTestCase):
    def test_a_bar_chart_is_an_svg_with_labels_and_legend(self):
        chart = bar_chart(
            ["Ústí", "Teplice"],
            {"Klienti": [120, 45], "Oprávnění": [100, 40]},
            title="Klienti podle pracoviště",
            value_label="osob",
        )
        self.assertTrue(chart.svg.lstrip().startswith("<?xml"))
        self.assertIn("<svg", chart.svg)
        self.assertTrue(chart.data_uri.startswith("data:image/svg+xml;base64,"))
        self.assertEqual(chart.alt, "Klienti podle pracoviště")

    def test_the_same_data_gives_the_same_image(self):
        first = line_chart(["2019", "2020"], {"CZ042": [38861, 39038]}, title="t", value_label="v")
        second = line_chart(["2019", "2020"], {"CZ042": [38861, 39038]}, title="t", value_label="v")
        self.assertEqual(first.svg, second.svg)

    def test_gaps_and_horizontal_bars_are_drawn(self):
        line_chart(["a", "b", "c"], {"x": [1, None, 3]}, title="t", value_label="v")
        chart = bar_chart(["UA", "VN"], {"n": [5, 3]}, title="t", value_label="v", horizontal=True)
        self.assertIn("<svg", chart.svg)
