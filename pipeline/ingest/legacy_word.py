"""Legacy Word ``.doc`` (Word 97-2003, an OLE compound file), read by ``antiword``.

``antiword -m UTF-8.txt -w 0`` prints the text as UTF-8, one paragraph a line;
it draws table rows as ``|cell|cell|``, which become tab-separated cells here.
Without ``antiword`` installed the document gets a clear error naming it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from .errors import IngestError

# The OLE2 compound-file signature that starts every .doc (and .xls, .ppt).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
INSTALL_LINE = "apt-get install -y antiword"


def is_ole(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC)


def table_row(line: str) -> str:
    """``|Năm|2024|2025|`` -> cells joined by tabs; other lines unchanged.

    >>> table_row("|Nội dung   |2024 |2025|")
    'Nội dung\\t2024\\t2025'
    >>> table_row("Căn cứ Luật")
    'Căn cứ Luật'
    """
    stripped = line.strip()
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return "\t".join(cell.strip() for cell in stripped[1:-1].split("|"))
    return line


def read_doc(data: bytes, timeout: float = 120.0) -> str:
    tool = shutil.which("antiword")
    if tool is None:
        raise IngestError("missing_tool", f"a legacy Word .doc needs antiword, which is not installed: {INSTALL_LINE}")
    with tempfile.NamedTemporaryFile(suffix=".doc", delete=False) as fh:
        fh.write(data)
        path = fh.name
    try:
        done = subprocess.run([tool, "-m", "UTF-8.txt", "-w", "0", path], capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise IngestError("timeout", f"antiword did not finish within {timeout:g} s") from exc
    finally:
        os.unlink(path)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError("corrupt_doc", "antiword cannot read this .doc"
                          + (f": {message[-1]}" if message else " (not a Word document?)"))
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(table_row(line) for line in text.splitlines())
