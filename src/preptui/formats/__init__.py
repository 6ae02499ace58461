"""preptui's own export formats, each writer beside the reader that takes its files back exactly.

* :mod:`preptui.formats.markdown`: a printable study sheet (``<!-- preptui-export v1 -->``);
* :mod:`preptui.formats.csv`: CSV with Anki-style headers (``#preptui-export:v2``);
* :mod:`preptui.formats.anki` and :mod:`preptui.formats.apkg`: decks for Anki (one way).

Pure: no Textual, nothing written, no pydantic at import. :mod:`preptui.importing` builds on the
readers here to give validated banks.
"""

from __future__ import annotations

from preptui.formats.csv import export_csv
from preptui.formats.markdown import export_markdown

__all__ = ["export_csv", "export_markdown"]
