"""The SSDA903 export as one zip file, for the browser: the same tables as
`manage.py export_ssda903`, audited as an export by the officer who asked for it."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from placements.ssda903.exporter import export_year


def ssda903_export_zip(*, collection_year, actor):
    """(zip bytes, {table: rows}) of the collection year ending 31 March `collection_year`."""
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        counts = export_year(collection_year, folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, arcname=path.name)
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            changes={"collection_year": collection_year, "rows": counts},
            detail=f"SSDA903 export for {collection_year}, downloaded in the browser",
        )
    return buffer.getvalue(), counts
