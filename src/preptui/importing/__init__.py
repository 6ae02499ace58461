"""Import interview questions from Markdown Q&A collections and CSV/TSV files (Anki exports too).

Pure: no Textual, nothing written. :func:`import_file` reads one file, picks the format from its
marker, extension and content, and returns an :class:`ImportReport` whose bank always validates.
Every problem that stops an import is an :class:`ImportFailed` with a one-line reason.

Files written by :mod:`preptui.formats` carry a marker (``<!-- preptui-export v1 -->`` in
Markdown, ``#preptui-export:v1`` in CSV) and are read back exactly; everything else goes through
heuristics that handle the layouts community collections use.

Importing this package is cheap: each name loads its module (and pydantic, markdown-it) when
first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from preptui.importing.delimited import import_csv
    from preptui.importing.dispatch import import_file
    from preptui.importing.keypoints import derive_key_points
    from preptui.importing.markdown import import_markdown
    from preptui.importing.names import slugify
    from preptui.importing.reading import MAX_IMPORT_BYTES, decode_import_bytes, read_import_text
    from preptui.importing.report import ImportFailed, ImportReport
    from preptui.importing.sniff import FileFormat, sniff_format

__all__ = [
    "MAX_IMPORT_BYTES",
    "FileFormat",
    "ImportFailed",
    "ImportReport",
    "decode_import_bytes",
    "derive_key_points",
    "import_csv",
    "import_file",
    "import_markdown",
    "read_import_text",
    "slugify",
    "sniff_format",
]

_HOME = {
    "MAX_IMPORT_BYTES": "reading",
    "FileFormat": "sniff",
    "ImportFailed": "report",
    "ImportReport": "report",
    "decode_import_bytes": "reading",
    "derive_key_points": "keypoints",
    "import_csv": "delimited",
    "import_file": "dispatch",
    "import_markdown": "markdown",
    "read_import_text": "reading",
    "slugify": "names",
    "sniff_format": "sniff",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
