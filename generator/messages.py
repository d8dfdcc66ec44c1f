"""Every input-error message the tool prints, as templates in one place.

``docs/errors.md`` lists each of them (a test checks that it does), so a user can look up any
line the CLI prints.  Each message says what was found and what was expected.  Messages that come
from pydantic's type validation (``Input should be a valid integer; got a string``) are a family
of their own and are documented by example.
"""

from __future__ import annotations

from typing import Final

# --- Finding and reading files -----------------------------------------------------------------
NO_SUCH_INPUT: Final = "no such file or folder"
EMPTY_FOLDER: Final = "folder holds no *.json or *.jsonl file"
CANNOT_READ: Final = "cannot read: {reason}"
LINKED_FOLDER: Final = (
    "is a link to a folder, which is not followed; name the folder itself to build it"
)
NOT_A_FILE: Final = "is not a regular file (a FIFO or a device); name it on its own to read it"

# --- Bytes and JSON syntax (placed at LINE:COLUMN) ---------------------------------------------
NOT_UTF8: Final = "not UTF-8 text; expected a UTF-8 JSON file"
EMPTY_FILE: Final = "empty file; expected a JSON export"
INVALID_JSON: Final = "invalid JSON: {reason}"
NOT_A_NUMBER: Final = "{name} is not a JSON number; expected a finite number or null"
INTEGER_TOO_LARGE: Final = (
    "integer with {digits} digits is too large; expected at most {maximum} (64 bits)"
)
NUMBER_TOO_LARGE: Final = "number {literal} is too large; expected a finite number"
LONE_SURROGATE: Final = (
    "a string holds half of a character (a lone surrogate); expected Unicode text"
)
TOO_DEEP: Final = "JSON nested more than {limit} levels deep; expected an export a few levels deep"

# --- Content (placed at a JSON path) -----------------------------------------------------------
NOT_AN_OBJECT: Final = "expected an export object, got {kind}"
MISSING_FIELD: Final = "missing required field {name!r}"
BAD_JSON_COLUMN: Final = (
    "{column} is a string but not valid JSON ({reason}); "
    "expected an object or a JSON-encoded object"
)
UNSUPPORTED_FORMAT: Final = "unsupported format {value!r}: this version reads {supported}"
STAGES_TWICE: Final = "stages are given both beside the run and inside it; expected one"

# --- The build ---------------------------------------------------------------------------------
INPUT_CHANGED: Final = "changed during the build; build again"
RENDER_FAILED: Final = (
    "could not be rendered ({error}); the other inputs were built. Please report this input"
)

# --- The output folder (the file or folder named first) -----------------------------------------
NOT_OURS: Final = (
    "exists but was not written by run-insights; left as it is "
    "(move it away, or build into another folder)"
)
CANNOT_WRITE: Final = "cannot write: {reason}"
WRITE_ADVICE: Final = "check the folder's permissions and free space, then build again"
NOT_A_FOLDER: Final = "is not a folder; expected -o to name a folder"
MANIFEST_DAMAGED: Final = "not a usable run-insights manifest ({reason})"
MANIFEST_LINK: Final = "is a symbolic link; expected the manifest file itself"
MANIFEST_ADVICE: Final = "build again with --clean to rebuild it"
BUSY: Final = (
    "another build is writing this folder; wait for it to finish, or build into another folder"
)

#: Every template above, by name: what ``docs/errors.md`` must list.
INPUT_ERRORS: Final = {
    name: value
    for name, value in sorted(globals().items())
    if name.isupper() and isinstance(value, str)
}
