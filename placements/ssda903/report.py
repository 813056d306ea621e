"""Validation errors grouped by rule, for the command line, the page and the CSV."""

from collections import Counter

from placements.ssda903 import rules


def errors_by_rule(errors):
    """[(code, 'DfE rule' or 'our check', count)], the commonest first."""
    counts = Counter(e.code for e in errors)
    return [
        (code, rules.source(code), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
