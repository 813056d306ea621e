from xml.etree import ElementTree

from reports.charts import bar_chart, bar_summary, format_value, line_chart, line_summary

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output)


def test_bar_chart_is_valid_svg_with_title_and_description():
    root = parse(
        bar_chart(
            [("Under 1", 4), ("1 to 4", 12)],
            title="Children by age",
            description="Number of children looked after by age band",
            unit="count",
        )
    )

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Children by age"
    assert root.find(f"{SVG}desc").text == "Number of children looked after by age band"
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert len(root.findall(f"{SVG}rect")) == 2


def test_labels_and_titles_are_escaped():
    svg = bar_chart(
        [("<script>alert(1)</script> & co", 3)],
        title='Provider "A" <b>',
        description="a & b",
        unit="count",
    )

    root = parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == 'Provider "A" <b>'
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any(t.startswith("<script>") for t in texts)


def test_charts_carry_no_style_attributes_or_scripts():
    svgs = [
        bar_chart([("a", 1)], title="t", description="d", unit="count"),
        line_chart([("Jan", 1), ("Feb", 2)], title="t", description="d", unit="percent"),
    ]
    for svg in svgs:
        assert "style=" not in svg
        assert "<script" not in svg
        assert all(element.get("style") is None for element in parse(svg).iter())


def test_suppressed_bar_is_not_drawn_but_labelled_c():
    root = parse(
        bar_chart([("Male", 40), ("Female", "c")], title="t", description="d", unit="count")
    )

    assert len(root.findall(f"{SVG}rect")) == 1
    assert "c" in [t.text for t in root.iter(f"{SVG}text")]


def test_line_chart_draws_twelve_points_and_breaks_at_suppressed_ones():
    points = [(f"M{month}", month * 2) for month in range(1, 13)]
    points[5] = ("M6", "c")

    root = parse(line_chart(points, title="Trend", description="twelve months", unit="count"))

    assert len(root.findall(f"{SVG}circle")) == 11
    assert len(root.findall(f"{SVG}g[@class='cpb-chart__line']")) == 2
    assert root.find(f"{SVG}title").text == "Trend"


def test_empty_charts_say_there_is_no_data():
    assert "No data to show" in bar_chart([], title="t", description="d", unit="count")
    assert "No data to show" in line_chart(
        [("Jan", None)], title="t", description="d", unit="count"
    )


def test_two_different_charts_get_different_ids():
    first = parse(bar_chart([("a", 1)], title="One", description="d", unit="count"))
    second = parse(bar_chart([("a", 1)], title="Two", description="d", unit="count"))

    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_values_are_formatted_by_unit():
    assert format_value(45, "percent") == "45%"
    assert format_value("320", "days") == "320 days"
    assert format_value(1204, "count") == "1,204"
    assert format_value(65.34, "rate") == "65.3"
    assert format_value("c", "percent") == "c"
    assert format_value(None, "count") == "no data"


def test_summaries_describe_the_trend_and_hidden_groups():
    points = [("Dec 2025", 45), ("Jan 2026", "c"), ("Feb 2026", 52)]
    summary = line_summary(points, unit="percent", subject="placement stability")
    assert summary.startswith("Placement stability rose from 45% in Dec 2025 to 52% in Feb 2026")
    assert "1 month is not shown" in summary

    rows = [("Male", 40), ("Female", "c"), ("Unknown", 0)]
    assert bar_summary(rows, unit="count", subject="by sex") == (
        "By sex: the largest group is Male (40). "
        "1 group is hidden (shown as c) because the numbers are small."
    )


def test_a_flat_trend_says_it_stayed_the_same():
    points = [("Dec 2025", 0), ("Jan 2026", None), ("Feb 2026", 0)]

    assert line_summary(points, unit="percent", subject="Visits on time") == (
        "Visits on time stayed at 0% from Dec 2025 to Feb 2026. "
        "1 month is not shown because the numbers are small or missing."
    )


def test_a_percentage_trend_has_an_axis_fitted_to_its_values_and_reference_lines():
    points = [("Jan", 88), ("Feb", 90), ("Mar", 92)]
    svg = line_chart(
        points,
        title="Visits on time: trend",
        description="Visits.",
        unit="percent",
        references=[("Target", 95), ("England (illustrative) 2025", 90)],
    )

    assert ">80%</text>" in svg and ">100%</text>" in svg
    assert ">0%</text>" not in svg
    assert svg.count('class="cpb-chart__reference"') == 2
    assert "Target 95%</text>" in svg and "England (illustrative) 2025 90%</text>" in svg


def test_a_count_trend_still_starts_at_zero():
    svg = line_chart([("Jan", 40), ("Feb", 44)], title="T", description="D", unit="count")
    assert ">0</text>" in svg


def test_chart_text_keeps_its_size_on_a_narrow_screen():
    """No viewBox: a viewBox scales the text down with the chart on a phone."""
    svgs = [
        bar_chart([("a", 1)], title="t", description="d", unit="count"),
        line_chart([("Jan", 1), ("Feb", 2)], title="t", description="d", unit="percent"),
    ]
    for svg in svgs:
        root = parse(svg)
        assert root.get("viewBox") is None
        assert root.get("width") == "100%"
        assert root.get("font-size") == "16"
        assert all(text.get("font-size") is None for text in root.iter(f"{SVG}text"))


def test_a_percentage_bar_chart_has_an_axis_fitted_to_its_values_and_reference_lines():
    svg = bar_chart(
        [("Under 10", 22), ("10 to 15", 31)],
        title="t",
        description="d",
        unit="percent",
        references=[("Target", 40), ("England 2025", 35)],
    )

    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "40%" in texts and "100%" not in texts
    assert "Target 40%" in texts and "England 2025 35%" in texts
    assert svg.count('class="cpb-chart__reference"') == 2
    # The bar for 31% reaches 31/40 of the width.
    assert 'width="77.50%"' in svg


def test_a_bar_label_wraps_rather_than_being_cut_off():
    label = "Placed with other foster carers inside the council's area"
    texts = [
        t.text
        for t in parse(bar_chart([(label, 3)], title="t", description="d", unit="count")).iter(
            f"{SVG}text"
        )
    ]
    assert texts[-4:-1] == ["Placed with other foster", "carers inside the", "council's area"]


def test_a_long_trend_labels_fewer_months_on_a_phone_and_always_the_latest():
    points = [(f"M{month:02d} 2026", month) for month in range(1, 13)]
    root = parse(line_chart(points, title="t", description="d", unit="count"))
    labels = {t.text: t.get("class") for t in root.iter(f"{SVG}text") if t.text.startswith("M")}

    assert set(labels) == {"M02 2026", "M04 2026", "M06 2026", "M08 2026", "M10 2026", "M12 2026"}
    on_phones = sorted(text for text, css in labels.items() if css is None)
    assert on_phones == ["M04 2026", "M08 2026", "M12 2026"]


def test_the_pdfs_draw_a_chart_with_its_text_at_print_size():
    from reports.charts import FONT_SIZE, PRINT_FONT_SIZE, for_print

    svg = bar_chart(
        [("Male", 3), ("Female", 4)], title="By sex", description="Two bars.", unit="count"
    )
    printed = for_print(svg)
    assert f'font-size="{FONT_SIZE}"' in svg
    assert f'font-size="{PRINT_FONT_SIZE}"' in printed and f'font-size="{FONT_SIZE}"' not in printed
