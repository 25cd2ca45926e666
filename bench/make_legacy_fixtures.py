"""Build legacy-encoding fixtures from the documents that have gold.

Every corpus and corpus/dev document with a gold file is written again in the
forms old plans reach us in, under ``output/legacy-fixtures/inputs/<variant>/``
(``corpus/`` and ``dev/`` inside, same file names, so outputs are named after
the gold stems):

- ``tcvn3``: raw bytes of ``iconv -f UTF-8 -t TCVN5712-1//TRANSLIT`` (the full
  TCVN 5712 table, VN1, capitals with tones included). ``//TRANSLIT``: a
  character the table lacks is spelled the way iconv spells it in ASCII
  (``“`` -> ``"``, ``–`` -> ``-``, ``…`` -> ``...``, ``•`` -> ``o``,
  ``§`` -> ``?``); the gold values are compared after that change too;
- ``tcvn3-cp1252`` / ``tcvn3-latin1``: those bytes read as Windows-1252 (its
  five undefined bytes as the Latin-1 C1 control, as Windows does) or as
  Latin-1, saved as UTF-8: the mojibake of archives;
- ``vn3`` / ``vn3-cp1252``: the ABC-font form (VN3): capitals with tones typed
  with the lower-case codes as under ``.VnTimeH``, Windows punctuation
  (``“ ” – …``) kept as Windows-1252 bytes 80-9F; written with the project's
  own table (``pipeline/data/tcvn3.tsv``);
- ``vni`` / ``vni-cp1252``: VNI Windows bytes from the project's own table
  (``pipeline/data/vni.tsv``, no iconv codec exists), punctuation as in vn3;
- ``cp1258``: Windows-1258 bytes (tone marks as combining characters), the
  control: it must be read as cp1258 and never converted.

Usage: ``python bench/make_legacy_fixtures.py [--out output/legacy-fixtures]``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest.legacy import bytes_as_text, tcvn3_rows, vni_rows  # noqa: E402

# (set name, input folder, gold folder)
SETS = [
    ("corpus", ROOT / "corpus", ROOT / "corpus" / "gold"),
    ("dev", ROOT / "corpus" / "dev", ROOT / "corpus" / "dev" / "gold"),
]
VARIANTS = ("tcvn3", "tcvn3-cp1252", "tcvn3-latin1", "vn3", "vn3-cp1252", "vni", "vni-cp1252", "cp1258")


def gold_documents() -> list[tuple[str, Path]]:
    """``(set, path)`` of every input that has a gold file."""
    found = []
    for name, folder, gold in SETS:
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".md"} and (gold / f"{path.stem}.json").exists():
                found.append((name, path))
    return found


# -- encoders -----------------------------------------------------------------


def iconv_tcvn3(text: str) -> bytes:
    """TCVN 5712 (VN1) bytes by GNU iconv, unmappable characters transliterated."""
    try:
        done = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1//TRANSLIT"],
                              input=text.encode("utf-8"), capture_output=True, check=True)
    except FileNotFoundError:
        sys.exit("make_legacy_fixtures: `iconv` not found (Debian: apt-get install -y libc-bin)")
    return done.stdout


def _fallback(ch: str, allowed_high: range) -> bytes:
    """A character outside the table: its Windows-1252 byte when that byte is not
    a letter of the legacy encoding, else its ASCII skeleton, else ``?``."""
    try:
        b = ch.encode("cp1252")
        if len(b) == 1 and (b[0] < 0x80 or b[0] in allowed_high):
            return b
    except UnicodeEncodeError:
        pass
    ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
    return ascii_form or b"?"


def vn3_bytes(text: str) -> bytes:
    """VN3 (ABC font) bytes: a capital with a tone is typed with its lower-case code."""
    code = {letter: bytes([b]) for b, letter, subset in tcvn3_rows() if subset == "vn3"}
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.encode("ascii"))
        elif ch in code:
            out.append(code[ch])
        elif ch.lower() in code:               # .VnTimeH: the capital is a font, not a code
            out.append(code[ch.lower()])
        else:
            out.append(_fallback(ch, range(0x80, 0xA0)))
    return b"".join(out)


def vni_bytes(text: str) -> bytes:
    """VNI Windows bytes from ``pipeline/data/vni.tsv``."""
    code = dict(vni_rows())
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.encode("ascii"))
        elif ch in code:
            out.append(code[ch])
        else:
            out.append(_fallback(ch, range(0x80, 0xC0)))
    return b"".join(out)


TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 bytes as Windows writes them: a letter the code page lacks
    (``ế``) is its base letter (``ê``, which it has) plus a combining tone mark.

    >>> cp1258_bytes("Kế")
    b'K\\xea\\xec'
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        try:
            out.append((base + tones).encode("cp1258"))
        except UnicodeEncodeError:
            out.append(_fallback(ch, range(0x80, 0x100)))
    return b"".join(out)


def as_utf8(raw: bytes, codec: str) -> bytes:
    """Mojibake: 8-bit bytes read as Windows-1252 or Latin-1, saved as UTF-8."""
    text = bytes_as_text(raw) if codec == "cp1252" else raw.decode("latin-1")
    return text.encode("utf-8")


def variants_of(text: str) -> dict[str, bytes]:
    text = unicodedata.normalize("NFC", text)
    tcvn3, vn3, vni = iconv_tcvn3(text), vn3_bytes(text), vni_bytes(text)
    return {
        "tcvn3": tcvn3,
        "tcvn3-cp1252": as_utf8(tcvn3, "cp1252"),
        "tcvn3-latin1": as_utf8(tcvn3, "latin-1"),
        "vn3": vn3,
        "vn3-cp1252": as_utf8(vn3, "cp1252"),
        "vni": vni,
        "vni-cp1252": as_utf8(vni, "cp1252"),
        "cp1258": cp1258_bytes(text),
    }


def build(out: Path) -> int:
    inputs = out / "inputs"
    if inputs.exists():
        shutil.rmtree(inputs)
    documents = gold_documents()
    for set_name, path in documents:
        for variant, data in variants_of(path.read_text(encoding="utf-8")).items():
            target = inputs / variant / set_name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        unicode_copy = inputs / "unicode" / set_name / path.name
        unicode_copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, unicode_copy)
    print(f"make_legacy_fixtures: {len(documents)} documents x {len(VARIANTS)} variants "
          f"(+ the Unicode originals) in {inputs.relative_to(ROOT) if inputs.is_relative_to(ROOT) else inputs}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "legacy-fixtures")
    args = parser.parse_args(argv)
    return build(args.out)


if __name__ == "__main__":
    sys.exit(main())
