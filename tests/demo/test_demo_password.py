"""`make run` keeps one demo password from run to run, in a file only its owner can read."""

import stat

from demo.management.commands.demo_setup import demo_password


def test_the_demo_password_is_the_same_at_every_run_until_its_file_is_deleted(settings, tmp_path):
    settings.BASE_DIR = tmp_path

    first = demo_password()
    kept = tmp_path / "var" / "demo-password"

    assert demo_password() == first
    assert kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    kept.unlink()
    assert demo_password() != first
