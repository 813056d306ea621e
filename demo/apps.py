from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and simulation: the synthetic SSDA903 generator, demo casework, names and accounts.

    Installed only when DEMO=1 (`make run`, `make test`, benchmarks); production leaves it out.
    It may import every app; no production app may import it (import-linter, pyproject.toml).
    """

    name = "demo"
    verbose_name = "Demo data"
