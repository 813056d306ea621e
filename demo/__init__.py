"""Demo data and simulation, kept out of the production apps (docs/adr/0006-dependency-rules.md)."""
