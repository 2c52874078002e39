"""Every PDF ropdesk makes: an HTML template rendered by WeasyPrint to a tagged, accessible
PDF (PDF/UA-1) in a font shipped with the package. The apps call `render_pdf` and
`pdf_response`; this app depends only on Django and ropdesk.core."""

from ropdesk.documents.pdf import pdf_response, render_pdf

__all__ = ["pdf_response", "render_pdf"]
