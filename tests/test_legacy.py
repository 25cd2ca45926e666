"""Legacy font encodings: pipeline/ingest/legacy.py (tables, readings, raw bytes)
and pipeline/normalize/legacy.py (mojibake in a Unicode file)."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pipeline import extract_bytes, extract_text
from pipeline.document import Document, Span
from pipeline.ingest.legacy import (
    bytes_as_text,
    choose_reading,
    known_share,
    readings,
    tcvn3_rows,
    vni_rows,
)
from pipeline.ingest.text import decode_text
from pipeline.normalize.legacy import convert_legacy, has_legacy_signature

ROOT = Path(__file__).resolve().parent.parent
TCVN3, TCVN3_VN1, VNI = readings()

# The Vietnamese letters with a diacritic (NFC), lower case; .upper() gives the capitals.
LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# A short plan (Windows punctuation already ASCII, as a legacy file would have it).
PLAN = """UỶ BAN NHÂN DÂN TỈNH BẮC GIANG
Số: 16/KH-UBND
Bắc Giang, ngày 15 tháng 12 năm 2010
KẾ HOẠCH
Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2011
I. CĂN CỨ THỰC HIỆN
Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin;
II. MỤC TIÊU
Đến hết năm 2011, 100% cán bộ, công chức được đào tạo, bồi dưỡng kỹ năng sử dụng máy tính.
Tổ chức triển khai thực hiện các nhiệm vụ, giải pháp đã đề ra; mỗi quý báo cáo kết quả.
"""


# -- encoders built from the tables (the inverse of what is tested) ----------


def tcvn3_vn1_bytes(text: str) -> bytes:
    code = {letter: bytes([b]) for b, letter, _ in tcvn3_rows()}
    return b"".join(code.get(ch) or ch.encode("ascii") for ch in text)


def tcvn3_vn3_bytes(text: str) -> bytes:
    """The ABC-font form: a capital with a tone is typed with its lower-case code."""
    code = {letter: bytes([b]) for b, letter, subset in tcvn3_rows() if subset == "vn3"}
    return b"".join(code.get(ch) or code.get(ch.lower()) or ch.encode("ascii") for ch in text)


def vni_bytes(text: str) -> bytes:
    code = dict(vni_rows())
    return b"".join(code.get(ch) or ch.encode("ascii") for ch in text)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Windows writes it: base letter plus a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258", errors="replace"))
    return b"".join(out)


def mojibake(raw: bytes) -> str:
    """Legacy bytes read as Windows-1252 and kept as Unicode characters."""
    return bytes_as_text(raw)


# -- the tables ---------------------------------------------------------------


def test_tcvn3_table_holds_every_letter_once():
    rows = tcvn3_rows()
    letters = [letter for _, letter, _ in rows if not unicodedata.combining(letter)]
    assert len({b for b, _, _ in rows}) == len(rows) == 139
    assert sorted(letters) == sorted(LETTERS + LETTERS.upper())
    vn3 = {letter for _, letter, subset in rows if subset == "vn3"}
    assert vn3 == set(LETTERS) | set("ĂÂÊÔƠƯĐ")          # VN3: 67 lower case + 7 capitals


@pytest.mark.skipif(shutil.which("iconv") is None, reason="GNU iconv (libc-bin) not installed")
def test_tcvn3_table_agrees_with_iconv_byte_by_byte():
    for byte, letter, _ in tcvn3_rows():
        done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                              capture_output=True, check=True)
        assert done.stdout.decode("utf-8") == letter, f"byte {byte:02X}"


def test_vni_table_is_one_to_one_over_every_letter():
    rows = vni_rows()
    assert sorted(letter for letter, _ in rows) == sorted(LETTERS + LETTERS.upper())
    assert len({seq for _, seq in rows}) == len(rows) == 134
    for letter, seq in rows:
        assert all(b < 0x80 or b >= 0xC0 for b in seq), letter      # no byte in 80-BF
        assert len(seq) in (1, 2)
        if len(seq) == 2:                                             # base letter + mark
            assert chr(seq[0]).lower() == unicodedata.normalize("NFD", letter.lower())[0] or \
                seq[0] in (0xF4, 0xD4, 0xF6, 0xD6)                    # ô = ơ, ö = ư
            assert chr(seq[0]).isupper() == letter.isupper() == bytes(seq[1:]).decode("cp1252").isupper()


@pytest.mark.parametrize("reading, encode", [
    pytest.param(TCVN3_VN1, tcvn3_vn1_bytes, id="tcvn3-vn1"),
    pytest.param(VNI, vni_bytes, id="vni"),
])
def test_every_letter_round_trips(reading, encode):
    # inside words: a TCVN3 capital on a punctuation byte ("„" for "Ạ") alone is punctuation
    words = " ".join(f"T{letter}N" for letter in LETTERS.upper()) + " " + \
        " ".join(f"t{letter}n" for letter in LETTERS)
    assert reading.read(mojibake(encode(words))) == words


# -- readings of known strings ---------------------------------------------------

# (legacy text as Windows-1252 characters, Unicode, reading)
KNOWN = [
    pytest.param("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", TCVN3, id="tcvn3-motto"),
    pytest.param("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", TCVN3, id="tcvn3-motto-2"),
    pytest.param("KÚ HO„CH", "KẾ HOẠCH", TCVN3_VN1, id="tcvn3-vn1-capitals"),
    pytest.param("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", VNI, id="vni-motto"),
    pytest.param("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", VNI, id="vni-motto-2"),
    pytest.param("KEÁ HOAÏCH ÖÙNG DUÏNG", "KẾ HOẠCH ỨNG DỤNG", VNI, id="vni-capitals"),
]


@pytest.mark.parametrize("legacy, unicode, reading", KNOWN)
def test_known_strings_read_to_unicode(legacy, unicode, reading):
    assert unicodedata.normalize("NFC", reading.read(legacy)) == unicode


# .VnTimeH: capitals typed with lower-case codes; what the text still shows.
CASES = [
    pytest.param("KÕ HO¹CH", "KẾ HOẠCH", id="heading-line"),
    pytest.param("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="motto-caps"),
    pytest.param("ñY BAN NH¢N D¢N", "ỦY BAN NHÂN DÂN", id="explicit-capital-shows-the-line"),
    pytest.param("Sè: 12/KH-UBND", "Số: 12/KH-UBND", id="acronyms-are-no-evidence"),
    pytest.param("Bé Y TÕ", "Bộ Y Tế", id="one-capital-per-word-is-title-case"),
    pytest.param("kÕ ho¹ch", "kế hoạch", id="typed-lower-case-stays-lower"),
]


@pytest.mark.parametrize("legacy, unicode", CASES)
def test_vn3_case_is_recovered_only_where_the_text_shows_it(legacy, unicode):
    assert TCVN3.read(legacy) == unicode


# -- raw bytes (ingest) ------------------------------------------------------------

RAW = [
    pytest.param(tcvn3_vn1_bytes, "tcvn3", PLAN, id="tcvn3-vn1"),
    pytest.param(vni_bytes, "vni", PLAN, id="vni"),
    # the capitals of a VN3 heading come back; a capital opening a word does not
    pytest.param(tcvn3_vn3_bytes, "tcvn3", PLAN.replace("Ứng dụng", "ứng dụng"), id="tcvn3-vn3"),
]


@pytest.mark.parametrize("encode, encoding, expected", RAW)
def test_raw_legacy_bytes_are_decoded_to_unicode(encode, encoding, expected):
    text = decode_text(encode(PLAN))
    assert text.encoding == encoding
    assert unicodedata.normalize("NFC", text) == expected


@pytest.mark.skipif(shutil.which("iconv") is None, reason="GNU iconv (libc-bin) not installed")
def test_raw_bytes_written_by_iconv_are_decoded():
    raw = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=PLAN.encode("utf-8"),
                         capture_output=True, check=True).stdout
    text = decode_text(raw)
    assert (text.encoding, unicodedata.normalize("NFC", text)) == ("tcvn3", PLAN)


def test_windows_1258_bytes_stay_windows_1258():
    text = decode_text(cp1258_bytes(PLAN))
    assert (text.encoding, unicodedata.normalize("NFC", text)) == ("cp1258", PLAN)


def test_raw_legacy_document_records_encoding_and_an_info_warning():
    result = extract_bytes(vni_bytes(PLAN), filename="plan.txt")
    assert result["source"]["encoding"] == "vni"
    legacy = [w for w in result["warnings"] if w["code"] == "legacy_encoding"]
    assert [w["severity"] for w in legacy] == ["info"]


# -- mojibake in a Unicode file (normalize) ---------------------------------------

MOJIBAKE = [
    pytest.param(mojibake(tcvn3_vn1_bytes(PLAN)), "tcvn3-mojibake", id="tcvn3-cp1252"),
    pytest.param(tcvn3_vn1_bytes(PLAN).decode("latin-1"), "tcvn3-mojibake", id="tcvn3-latin1"),
    pytest.param(mojibake(vni_bytes(PLAN)), "vni-mojibake", id="vni-cp1252"),
]


@pytest.mark.parametrize("text, encoding", MOJIBAKE)
def test_mojibake_is_converted_with_spans_on_the_original(text, encoding):
    doc = Document(text)
    convert_legacy(doc)
    assert unicodedata.normalize("NFC", doc.text) == PLAN
    assert doc.source_encoding == encoding
    assert [(w.code, w.severity) for w in doc.warnings] == [("legacy_encoding", "info")]
    # every word of the working text maps back onto its own legacy word
    cursor = 0
    for legacy_word, word in zip(text.split(" "), doc.text.split(" ")):
        span = doc.span(cursor, cursor + len(word))
        assert doc.original[span.start:span.end] == legacy_word
        cursor += len(word) + 1


def test_a_unicode_document_quoting_a_legacy_word_is_left_alone():
    text = PLAN + "Phông .VnTime hiển thị chữ ViÖt và chữ Céng như trên.\n"
    doc = Document(text)
    convert_legacy(doc)
    assert (doc.text, doc.source_encoding, doc.warnings) == (text, None, [])


def test_a_unicode_header_above_a_legacy_body_keeps_the_header():
    header = "Tôi là cán bộ, công tác tại Việt Nam.\nKẾ HOẠCH ỨNG DỤNG CÔNG NGHỆ\n"
    doc = Document(header + mojibake(tcvn3_vn1_bytes(PLAN)))
    convert_legacy(doc)
    assert unicodedata.normalize("NFC", doc.text) == header + PLAN


def test_ascii_lines_of_a_legacy_document_keep_their_offsets():
    ascii_line = "Ref: 16/KH-UBND (2010)\n"
    doc = Document(ascii_line + mojibake(vni_bytes(PLAN)))
    convert_legacy(doc)
    assert doc.text.startswith(ascii_line)
    assert doc.span(0, len(ascii_line)) == Span(0, len(ascii_line))


# -- no false conversions -----------------------------------------------------------

GENUINE = sorted(ROOT.glob("corpus/*.txt")) + sorted(
    p for p in (ROOT / "corpus" / "dev").iterdir() if p.suffix in {".txt", ".md"})


@pytest.mark.parametrize("path", GENUINE, ids=lambda p: p.name[:24])
def test_genuine_vietnamese_is_never_converted(path):
    text = path.read_text(encoding="utf-8")
    doc = Document(text)
    convert_legacy(doc)
    assert (doc.text, doc.source_encoding) == (text, None)
    assert decode_text(cp1258_bytes(text)).encoding == "cp1258"


@pytest.mark.parametrize("path", GENUINE[:5] + GENUINE[-3:], ids=lambda p: p.name[:24])
def test_genuine_vietnamese_gets_no_reading_even_past_the_pre_check(path):
    """The evidence alone refuses genuine text (the pre-check is only a shortcut)."""
    text = path.read_text(encoding="utf-8")
    decision = choose_reading(text)
    assert decision.reading is None and decision.before.share > 0.8


def test_the_pre_check_lets_legacy_text_through():
    assert has_legacy_signature(mojibake(tcvn3_vn3_bytes(PLAN)))
    assert has_legacy_signature(mojibake(vni_bytes(PLAN)))
    assert not has_legacy_signature(PLAN)


def test_known_share_counts_words_with_a_non_ascii_letter():
    share = known_share("Cộng hoà xã hội chủ nghĩa Việt Nam Xyzä")
    assert (share.known, share.counted) == (7, 8)


# -- end to end -------------------------------------------------------------------

CORPUS_PLAN = ROOT / "corpus" / "000_0a3ee589a8c7d31c.txt"
# Windows punctuation has no TCVN3 (VN1) code: the same ASCII in every form.
ASCII_PUNCTUATION = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def essentials(result: dict) -> dict:
    """What the scorer reads, without spans (VNI mojibake spans are longer)."""
    def flat(sections):
        for s in sections:
            yield (s["level"], s["label"], s["title"])
            yield from flat(s["children"])

    document = {k: v for k, v in result["document"].items() if k != "spans"}
    return {
        "document": document,
        "legal_basis": [(c["doc_type"], c["number"], c["issued_date"]) for c in result["legal_basis"]],
        "sections": list(flat(result["sections"])),
        "targets": [(t["value"], t["unit"], t["comparator"]) for t in result["targets"]],
        "budget": [(i["amount_vnd"], i["name"]) for i in result["budget"]["items"]],
    }


@pytest.fixture(scope="module")
def corpus_plan() -> tuple[str, dict]:
    text = unicodedata.normalize("NFC", CORPUS_PLAN.read_text(encoding="utf-8")).translate(ASCII_PUNCTUATION)
    return text, extract_text(text)


@pytest.mark.parametrize("make, encoding", [
    pytest.param(lambda t: mojibake(tcvn3_vn1_bytes(t)).encode("utf-8"), "tcvn3-mojibake", id="tcvn3-cp1252"),
    pytest.param(tcvn3_vn1_bytes, "tcvn3", id="tcvn3-raw"),
    pytest.param(lambda t: mojibake(vni_bytes(t)).encode("utf-8"), "vni-mojibake", id="vni-cp1252"),
    pytest.param(vni_bytes, "vni", id="vni-raw"),
])
def test_a_legacy_plan_extracts_like_its_unicode_original(corpus_plan, make, encoding):
    text, unicode_result = corpus_plan
    result = extract_bytes(make(text), filename="plan.txt")
    assert result["source"]["encoding"] == encoding
    assert essentials(result) == essentials(unicode_result)
    if encoding.endswith("mojibake"):                 # spans point at the legacy characters
        reading = VNI if encoding.startswith("vni") else TCVN3_VN1
        original = make(text).decode("utf-8")
        assert result["legal_basis"]
        for item in result["legal_basis"]:
            source = original[item["span"]["start"]:item["span"]["end"]]
            assert unicodedata.normalize("NFC", reading.read(source)) == item["text"]
