"""Board report PDFs: what each report holds (documents), and the one module that draws a PDF
(render, the only importer of WeasyPrint)."""
