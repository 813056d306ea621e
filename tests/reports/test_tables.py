from reports.tables import Table, table_html


def test_a_short_row_label_such_as_a_date_stays_on_one_line_and_a_long_one_wraps():
    table = Table(
        key="t",
        caption="Monthly figures",
        head=("As at", "Value"),
        rows=(("31 Dec 2025", "12%"), ("Children in a placement for two years", "40")),
    )
    html = table_html(table)
    assert 'class="govuk-table__header cpb-nowrap">31 Dec 2025</th>' in html
    assert 'class="govuk-table__header">Children in a placement for two years</th>' in html
