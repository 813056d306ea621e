"""What a reader can work out from a suppressed table: brute force over every filling.

A reader sees a table's cells (numbers, "0" or "c"), its total and the headline beside it. Zero
is printed, so in an ordinary table every "c" is at least 1; in a withheld table (every cell
"c") a "c" may be 0. The functions here enumerate every non-negative filling of the hidden cells
consistent with what is shown and return, for each hidden cell, the values it could take.
"""

from reports.suppression import SUPPRESSED


def _ranges(shown, *, total, withheld, cap):
    lows, highs = [], []
    for text in shown:
        if text == SUPPRESSED:
            lows.append(0 if withheld else 1)
            highs.append(total if cap is None else min(total, cap))
        else:
            value = int(text.replace(",", ""))
            lows.append(value)
            highs.append(value)
    return lows, highs


def feasible_fillings(shown, *, total, withheld=False, cap=None, check=None):
    """Every filling (a tuple, one value per cell) of a table whose cells are `shown` and whose
    parts add up to `total`. `cap` bounds every "c" (a reader assuming each hidden cell is at
    most the threshold); `check(filling)` adds what else the reader sees (the headline)."""
    lows, highs = _ranges(shown, total=total, withheld=withheld, cap=cap)
    n = len(shown)
    suffix_low = [0] * (n + 1)
    suffix_high = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_low[i] = suffix_low[i + 1] + lows[i]
        suffix_high[i] = suffix_high[i + 1] + highs[i]
    found = []

    def walk(i, left, prefix):
        if i == n:
            if left == 0 and (check is None or check(prefix)):
                found.append(tuple(prefix))
            return
        for value in range(lows[i], highs[i] + 1):
            rest = left - value
            if rest < suffix_low[i + 1]:
                break
            if rest > suffix_high[i + 1]:
                continue
            prefix.append(value)
            walk(i + 1, rest, prefix)
            prefix.pop()

    walk(0, total, [])
    return found


def hidden_values(shown, **kwargs):
    """{index of a hidden cell: set of the values it could take}."""
    fillings = feasible_fillings(shown, **kwargs)
    return {
        i: {filling[i] for filling in fillings}
        for i, text in enumerate(shown)
        if text == SUPPRESSED
    }


def pinned_cells(shown, truth, **kwargs):
    """Hidden cells whose true value is the only one a reader finds possible."""
    return [i for i, values in hidden_values(shown, **kwargs).items() if values == {truth[i]}]


def interval_values(shown, *, total, withheld=False, cap=None, known=()):
    """{index of a hidden cell: (lowest, highest) value it could take}: the same answer as
    hidden_values for a table with one total, without enumerating (every whole number between
    the two is possible). `known` lists hidden cells the reader can find elsewhere."""
    lows, highs = _ranges(shown, total=total, withheld=withheld, cap=cap)
    for index, value in known:
        lows[index] = highs[index] = value
    low_sum, high_sum = sum(lows), sum(highs)
    result = {}
    for i, text in enumerate(shown):
        if text != SUPPRESSED or any(i == index for index, _ in known):
            continue
        lowest = max(lows[i], total - (high_sum - highs[i]))
        highest = min(highs[i], total - (low_sum - lows[i]))
        result[i] = (lowest, highest)
    return result
