"""Validation errors grouped by rule, and the child each one names, for the command line, the
page and the CSV."""

from collections import Counter

from placements.ssda903 import rules
from placements.ssda903.reader import read_rows


def errors_by_rule(errors):
    """[(code, 'DfE rule' or 'our check', count)], the commonest first."""
    counts = Counter(e.code for e in errors)
    return [
        (code, rules.source(code), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def children_named(filesets, errors):
    """{(file, row): CHILD} for the rows `errors` point at, read again from the files (only a
    refused import pays for it). A row whose CHILD is blank, or an error about a whole file,
    names no child."""
    wanted = {}
    for error in errors:
        if error.row > 0:
            wanted.setdefault(error.file, set()).add(error.row)
    found = {}
    for fileset in filesets:
        for path in fileset.files.values():
            lines = wanted.get(path.name)
            if not lines:
                continue
            columns, rows = read_rows(path)
            if "CHILD" not in columns:
                continue
            at = columns.index("CHILD")
            for line, values in rows:
                if line in lines and at < len(values) and values[at]:
                    found.setdefault((path.name, line), values[at])
    return found
