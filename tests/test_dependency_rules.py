"""The dependency rules of docs/adr/0006-dependency-rules.md hold (import-linter contracts)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_linter_contract_is_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def test_no_production_app_imports_the_demo_app():
    production = ["corporate_parenting", "children", "placements", "meetings", "reports"]
    offenders = [
        str(path.relative_to(ROOT))
        for app in production
        for path in (ROOT / app).rglob("*.py")
        if "import demo" in path.read_text() or "from demo" in path.read_text()
    ]
    assert offenders == []


def test_lower_apps_never_name_a_higher_app_in_a_string():
    """What import-linter cannot see (ADR 0006): apps.get_model and send_task by name."""
    lower = ["corporate_parenting", "children", "placements", "meetings"]
    offenders = [
        str(path.relative_to(ROOT))
        for app in lower
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and ("apps.get_model(" in path.read_text() or "send_task(" in path.read_text())
    ]
    assert offenders == []
