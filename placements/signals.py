"""Signals placements sends, for apps that depend on it to connect to in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent after an SSDA903 import has committed (never for a dry run or a refused import), with
# run=the ImportRun and years=[collection years imported]. Receivers run after the commit, so
# a failing receiver never undoes the import.
import_committed = Signal()
