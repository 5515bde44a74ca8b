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


class LineChartTimeAxisTest(SimpleTestCase):
    def test_points_sit_at_their_dates_so_a_three_year_gap_is_three_times_as_wide(self):
        from datetime import date

        from spolu.core.charts import line_figure, x_positions

        days = [date(2015, 12, 31), date(2018, 12, 31), date(2019, 12, 31)]
        xs = x_positions(days)
        self.assertAlmostEqual((xs[1] - xs[0]) / (xs[2] - xs[1]), 3.0, places=2)
        fig = line_figure(
            ["2015", "2018", "2019"], {"kraj": [100, 200, 300]}, title="t", value_label="v",
            dates=days,
        )  # fmt: skip
        (line,) = fig.axes[0].get_lines()
        self.assertEqual(list(line.get_xdata()), xs)

    def test_the_legend_sits_beside_the_plot_not_over_the_lines(self):
        from spolu.core.charts import line_figure

        series = {f"okres {n}": [n * 10, n * 12, n * 15] for n in range(7)}
        fig = line_figure(["2019", "2020", "2021"], series, title="t", value_label="v")
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        axes_box = fig.axes[0].get_window_extent(renderer)
        legend_box = fig.axes[0].get_legend().get_window_extent(renderer)
        self.assertGreaterEqual(legend_box.x0, axes_box.x1)
