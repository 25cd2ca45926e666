"""The manifest (skip-done, torn lines), the output layout rule, atomic 0644 writes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.emit import temp_target, write_text
from pipeline.layout import collect_inputs
from pipeline.manifest import MANIFEST_NAME, Entry, Manifest, tool_version


def entry(output="a.json", status="ok", sha256="s1", version="v1", **extra) -> Entry:
    return Entry(input=f"in/{output}", sha256=sha256, size=10, status=status, output=output,
                 tool_version=version, **extra)


@pytest.fixture
def out(tmp_path) -> Path:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    return tmp_path


def written(out: Path, *entries: Entry) -> Manifest:
    manifest = Manifest(out).open()
    for item in entries:
        manifest.append(item)
    manifest.close()
    return Manifest(out).load()


# -- skip-done ------------------------------------------------------------------------

@pytest.mark.parametrize("sha256, version, done", [
    pytest.param("s1", "v1", True, id="same-bytes-same-tool"),
    pytest.param("s2", "v1", False, id="input-changed"),
    pytest.param("s1", "v2", False, id="tool-changed"),
    pytest.param(None, "v1", False, id="input-unreadable"),
])
def test_a_document_is_done_only_for_the_same_bytes_and_tool(out, sha256, version, done):
    assert written(out, entry()).is_done("a.json", sha256, version, out) is done


def test_a_document_whose_output_was_deleted_is_not_done(out):
    manifest = written(out, entry())
    (out / "a.json").unlink()
    assert not manifest.is_done("a.json", "s1", "v1", out)


def test_the_latest_entry_of_a_document_wins(out):
    manifest = written(out, entry(), entry("a.error.json", "error", code="empty"))
    assert not manifest.is_done("a.json", "s1", "v1", out)
    assert manifest.failed_before("a.json")
    manifest = written(out, entry())
    assert manifest.is_done("a.json", "s1", "v1", out)
    assert not manifest.failed_before("a.json")


# A run killed while writing a line leaves it cut short: the reader ignores it,
# and the next run starts its first line on a line of its own.
def test_a_torn_last_line_is_ignored_and_closed(out):
    path = out / MANIFEST_NAME
    path.write_text(entry().to_json() + "\n" + entry("b.json").to_json()[:40], encoding="utf-8")
    manifest = Manifest(out).load()
    assert set(manifest.latest) == {"a.json"}
    manifest.open().append(entry("c.json"))
    manifest.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert Entry.from_json(lines[-1]).output == "c.json"
    assert set(Manifest(out).load().latest) == {"a.json", "c.json"}


def test_an_entry_with_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="allowed values are ok, error, timeout, memory"):
        entry(status="maybe")


def test_entries_are_flushed_as_they_are_appended(out):
    manifest = Manifest(out).open()
    manifest.append(entry())
    assert (out / MANIFEST_NAME).read_text(encoding="utf-8").count("\n") == 1   # before close
    manifest.close()


def test_tool_version_names_the_package_and_the_code():
    version = tool_version()
    assert "+" in version and version == tool_version()


# -- layout -----------------------------------------------------------------------------

def make(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")


def outputs(tmp_path: Path, *roots: str, exclude: str | None = None) -> dict[str, str]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        found = collect_inputs(list(roots), exclude=Path(exclude) if exclude else None)
    finally:
        os.chdir(cwd)
    return {item.source.relative_to(tmp_path).as_posix(): item.output for item in found}


LAYOUT_CASES = [
    pytest.param(["in/2015/a.txt", "in/b.md"], ["in"], {"in/2015/a.txt": "2015/a.json", "in/b.md": "b.json"},
                 id="one-folder-mirrored"),
    pytest.param(["in/2015/a.txt"], ["in/2015/a.txt"], {"in/2015/a.txt": "a.json"}, id="one-file"),
    pytest.param(["a/plan.txt", "b/plan.txt"], ["a/plan.txt", "b/plan.txt"],
                 {"a/plan.txt": "a/plan.json", "b/plan.txt": "b/plan.json"}, id="two-files-same-name"),
    pytest.param(["in/2015/a.txt", "in/2016/a.txt"], ["in/2015", "in/2016"],
                 {"in/2015/a.txt": "2015/a.json", "in/2016/a.txt": "2016/a.json"}, id="two-folders"),
    pytest.param(["in/x.txt", "in/y.txt"], ["in/x.txt", "in/y.txt"], {"in/x.txt": "x.json", "in/y.txt": "y.json"},
                 id="files-of-one-folder"),
    pytest.param(["in/a.txt", "in/a.md", "in/b.txt"], ["in"],
                 {"in/a.txt": "a.txt.json", "in/a.md": "a.md.json", "in/b.txt": "b.json"}, id="same-stem-siblings"),
    pytest.param(["in/a.txt", "in/a.md"], ["in/a.txt"], {"in/a.txt": "a.txt.json"}, id="sibling-not-given"),
    pytest.param(["in/a.txt", "in/notes.json", "in/run.log"], ["in"], {"in/a.txt": "a.json"},
                 id="other-suffixes-ignored"),
    pytest.param(["in/a.docx", "in/b.doc", "in/c.html", "in/d.HTM", "in/e.png", "in/f.tiff", "in/g.pdf"], ["in"],
                 {"in/a.docx": "a.json", "in/b.doc": "b.json", "in/c.html": "c.json", "in/d.HTM": "d.json",
                  "in/e.png": "e.json", "in/f.tiff": "f.json", "in/g.pdf": "g.json"},
                 id="every-readable-format-collected"),
    pytest.param(["in/a.txt"], ["in", "in/a.txt"], {"in/a.txt": "a.json"}, id="reached-twice-listed-once"),
    pytest.param(["in/a.txt", "in/out/a.txt"], ["in"], {"in/a.txt": "a.json"}, id="output-folder-excluded"),
]


@pytest.mark.parametrize("files, roots, expected", LAYOUT_CASES)
def test_output_paths_mirror_the_input_tree(tmp_path, files, roots, expected):
    make(tmp_path, *files)
    assert outputs(tmp_path, *roots, exclude="in/out") == expected


def test_a_name_never_depends_on_the_other_inputs_of_the_batch(tmp_path):
    make(tmp_path, "in/2015/a.txt", "in/2015/b.txt", "in/c.txt")
    alone = outputs(tmp_path, "in/2015/a.txt")["in/2015/a.txt"]
    with_sibling = outputs(tmp_path, "in/2015/a.txt", "in/2015/b.txt")["in/2015/a.txt"]
    assert alone == with_sibling == "a.json"


# -- atomic writes ----------------------------------------------------------------------

@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_outputs_get_0666_less_the_umask(tmp_path, umask):
    from pipeline import emit
    previous = os.umask(umask)
    emit.current_umask.cache_clear()
    try:
        write_text(tmp_path / "a.json", "{}")
    finally:
        os.umask(previous)
        emit.current_umask.cache_clear()
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_no_temp_file(tmp_path):
    with pytest.raises(TypeError):
        write_text(tmp_path / "a.json", None)
    assert list(tmp_path.iterdir()) == []


def test_temp_files_name_their_target():
    assert temp_target(".2015.a.json.x8_k2p0q.tmp") == "2015.a.json"
    assert temp_target(".tmp") is None
