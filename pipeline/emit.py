"""emit: write output files atomically (temp file in the same folder, then rename).

A reader, or a re-run after a crash, sees either the old file or the whole new
one, never a half-written file under the final name. A temp file is named
``.<final name>.<random>.tmp`` (:func:`temp_target` reads the final name back),
so a batch can sweep the ones a killed writer left. Files get mode 0666 less the
umask (0644 under the usual 022), as ``open()`` would give, so colleagues can
read them.
"""
from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, obj: dict) -> None:
    """Write ``obj`` as JSON (the text :func:`dumps` gives), streamed to the file:
    a large result is never held twice in memory as one string."""
    def write(fh) -> None:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    _write_atomically(path, write)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically, mode 0666 less the umask."""
    _write_atomically(path, lambda fh: fh.write(text))


def _write_atomically(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())     # mkstemp creates 0600
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temp_target(name: str) -> str | None:
    """The final file name a temp file of :func:`write_text` was meant for.

    >>> temp_target(".plan.json.k2x_9q1a.tmp")
    'plan.json'
    >>> temp_target("plan.json") is None
    True
    """
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return None
    body = name[1:-len(TEMP_SUFFIX)]
    target, dot, _random = body.rpartition(".")
    return target if dot and target else None


@functools.cache
def current_umask() -> int:
    """The process umask, read without changing it where Linux shows it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)      # elsewhere: set and restore (once per process)
    os.umask(mask)
    return mask
