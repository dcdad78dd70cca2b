"""Names vulture reports as unused that are used where it cannot see (read by vulture only,
never imported). Sections: assigned for a library to read; kept alive for Qt; found by name;
and, last, code that looks dead and is left for the helper who owns it to delete or use."""

# ruff: noqa: B018, F821

# Set on a library's object, which reads it: tarfile, python-docx, PyAV, http.server.
_.mtime  # app/backup.py: TarInfo
_.right_margin  # coach/refresh/export_docx.py: docx section
_.bottom_margin
_.top_margin
_.rgb  # docx font colour
_.modified  # docx core properties
_.pts  # models/speech_audio.py: PyAV frame
_.close_connection  # tests/models/http_server.py: BaseHTTPRequestHandler
_.compress_type  # tests/trust/fuzz_corpus.py: ZipInfo
exc_type  # __exit__ / excepthook signatures
tb

# Held so Qt does not delete a live dialog, action or widget (and read by UI tests).
_.paste_dialog
_.posting_dialog
_.add_folder_action
_.bullets_box
_.last_dictation

# Found by name: enum members read from resources/drills/*.json; a keyring backend named in
# PYTHON_KEYRING_BACKEND; dataclass fields serialised as a whole; bench helpers.
ROADMAP_PUSHBACK
BUILD_VS_BUY
MIGRATION_SEQUENCING
RELIABILITY_VS_FEATURES
INCIDENT_REVIEW
ON_CALL_LOAD
COST_REDUCTION
GROWING_A_TEAM
AMBIGUOUS_OWNERSHIP
DEPENDENCY_OUTAGE
TECHNICAL_STRATEGY
FileKeyring  # bench/_home.py
system_info  # models/runtime_info.py: LlamaBuild, shown by asdict in `doctor --json`
value_end  # coach/provenance/numbers.py: a span's end, kept with its start
instruct_model  # bench/_models.py: for benches of the instruct model
reference_model
ZWJ  # tests/trust/injection_cases.py: named for the reader of the cases

# Looks dead (2026-12-07), in code other helpers are changing now: to delete or use.
_.last_progress  # app/tasks.py: written, never read
SECTION_KINDS  # coach/ingest/cv.py
_.first_day  # coach/ingest/dates.py
sniff  # coach/ingest/readers.py: _sniff is the one in use
_.as_text  # coach/refresh/records.py
_.document_ids  # ui/pages/library_documents.py
