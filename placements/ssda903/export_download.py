"""The SSDA903 export for the browser, as one zip file of CSV files or as the return's XML: the
same tables as `manage.py export_ssda903`, audited as an export by the officer who asked."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from placements.ssda903.exporter import export_year, export_year_xml, xml_file_name


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


def ssda903_export_xml(*, collection_year, actor):
    """(XML bytes, {table: rows}) of the collection year ending 31 March `collection_year`."""
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / xml_file_name(collection_year)
        counts = export_year_xml(collection_year, path)
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            changes={"collection_year": collection_year, "rows": counts, "format": "xml"},
            detail=f"SSDA903 export for {collection_year} as XML, downloaded in the browser",
        )
        return path.read_bytes(), counts
