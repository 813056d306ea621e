"""Checks an uploaded paper by its content, not its name: a PDF or a Word (.docx) document."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}
DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}


def max_bytes():
    return settings.MEETINGS_PAPER_MAX_BYTES


def _megabytes(size):
    return f"{size / (1024 * 1024):g}MB"


def paper_content_type(upload):
    """The content type of `upload` (a Django UploadedFile), or a ValidationError in GOV.UK
    wording. Reads the file's first bytes and, for a zip, its list of parts; never stores it."""
    limit = max_bytes()
    if upload is None:
        raise ValidationError("Select a file", code="required")
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > limit:
        raise ValidationError(
            f"The selected file must be smaller than {_megabytes(limit)}", code="too_big"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = None
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                if set(archive.namelist()) >= DOCX_PARTS:
                    content_type = DOCX
        except (zipfile.BadZipFile, OSError):
            content_type = None
        upload.seek(0)
    if content_type is None:
        raise ValidationError(
            "The selected file must be a PDF or a Word document (.docx)", code="type"
        )
    return content_type
