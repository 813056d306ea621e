"""The figures an action on the board's action log names (meetings.indicators' provider).

Registered from ReportsConfig.ready(), so that meetings reads the indicator engine without
importing reports. Figures are what a board member may see: suppressed, with their unit.
"""

from reports import values
from reports.figures import value_with_unit
from reports.indicators import CATALOGUE
from reports.suppression import display


class MeetingFigures:
    def choices(self):
        return [(code, indicator.title) for code, indicator in CATALOGUE.items()]

    def figures(self, codes, day):
        from meetings.indicators import Figure

        known = [code for code in codes if code in CATALOGUE]
        if not known:
            return {}
        # The whole catalogue for the day, cached per state of the data: a constant number of
        # queries however many indicators the actions name.
        current = values.values_on(day, fingerprint=values.data_fingerprint())
        result = {}
        for code in known:
            iv = current[code]
            shown = display(iv, exact=False)
            result[code] = Figure(
                code=code,
                title=iv.title,
                text=value_with_unit(shown.value, iv.unit),
                as_at=day,
            )
        return result
