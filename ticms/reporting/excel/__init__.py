"""Excel round trip of an annual report (第二十二条): download a template pre-filled with the
report's figures, fill it offline, upload it back. The workbook is laid out from the
declarations in figures.py, so the pages, the API and the file share one set of tables and one
set of cell rules (figures.clean_value). One module per step: the layout, the template, the
upload, the parsing, the problems, the import."""
