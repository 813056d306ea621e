"""The shared reference (indicators.md, ssda903.md) the tests check the code against.

It lives in the `shared/` folder beside the repository's clone (CI clones the repository next
to it; a git worktree further down finds the same folder higher up). A missing reference fails
the test that needs it: it never passes silently.
"""

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


def reference_file(name):
    """shared/reference/<name> from the nearest folder above the repository that has it."""
    for folder in (REPOSITORY.parent, *REPOSITORY.parent.parents):
        path = folder / "shared" / "reference" / name
        if path.is_file():
            return path
    pytest.fail(
        f"The shared reference {name} is missing: expected it at "
        f"{REPOSITORY.parent / 'shared' / 'reference' / name} (beside the repository)."
    )
