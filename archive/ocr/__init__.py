"""``archive ocr run``: PDF/A-2b two-layer OCR renditions of scanned documents (issue #18).

Modules: ``models`` (each document's OCR state and the workers' claims), ``planning`` (what is
due, claims), ``engine`` (OCRmyPDF and Tesseract: one rendition), ``plugin`` (the OCRmyPDF
plugin that collects Tesseract's word confidences), ``record`` (where a rendition lives, its
manifest, rows and event; the replay of ``archive rebuild``), ``worker`` (the run).
"""
