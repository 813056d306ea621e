"""SSDA903 (children looked after return): tables, validation, import, export."""
