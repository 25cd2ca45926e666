"""The package installs anywhere: a wheel built from the source, installed into a fresh venv
outside the repository, run from other folders (one holding a decoy ``pipeline.py``).

The venv gets its dependencies from the project's own environment (a ``.pth``
line naming its site-packages; ``.pth`` files inside that folder, such as the
editable install's, are not processed), so the test downloads nothing.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from pipeline import extract

from .review_outputs import CORPUS, ROOT

SOURCE_PARTS = ["pyproject.toml", "README.md", "pipeline", "schemas"]
DECOY = 'raise SystemExit("the decoy pipeline.py in the working folder was imported")\n'


def run(args: list, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built with ``python -m build`` from a copy of the source (the work tree is left alone)."""
    src = tmp_path_factory.mktemp("src")
    for part in SOURCE_PARTS:
        origin = ROOT / part
        if origin.is_dir():
            shutil.copytree(origin, src / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, src / part)
    dist = tmp_path_factory.mktemp("dist")
    done = run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, src], src, 300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [built] = dist.glob("kh_extract-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel installed (and nothing else of ours)."""
    home = tmp_path_factory.mktemp("venv") / "env"
    done = run([sys.executable, "-m", "venv", "--without-pip", home], home.parent)
    assert done.returncode == 0, done.stderr
    python = home / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], home).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    done = run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index",
                wheel], home.parent, 300)
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def decoy_folder(tmp_path) -> Path:
    """A user's folder holding a module named like ours, and a schema that would reject everything."""
    folder = tmp_path / "work"
    (folder / "schemas").mkdir(parents=True)
    (folder / "pipeline.py").write_text(DECOY, encoding="utf-8")
    (folder / "schemas" / "plan.schema.json").write_text(json.dumps({"not": {}}), encoding="utf-8")
    return folder


def package_files(root: Path) -> dict[str, bytes]:
    """Every data file of the package (not Python source), by its path inside the package."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def test_the_wheel_holds_the_schema_every_data_file_and_template(wheel):
    expected = package_files(ROOT / "pipeline")
    assert "schema/plan.schema.json" in expected and any(k.startswith("review/templates/") for k in expected)
    with zipfile.ZipFile(wheel) as zf:
        held = {name[len("pipeline/"):]: zf.read(name) for name in zf.namelist()
                if name.startswith("pipeline/") and not name.endswith((".py", ".pyc"))}
    assert sorted(held) == sorted(expected)
    assert held == expected
    assert held["schema/plan.schema.json"] == (ROOT / "schemas" / "plan.schema.json").read_bytes()


def test_the_installed_package_is_the_wheel_not_the_repository(venv, tmp_path):
    probe = ("import json, pipeline; from pipeline.validate import schema_resource; "
             "print(json.dumps([pipeline.__file__, pipeline.__version__, str(schema_resource())]))")
    done = run([venv / "bin" / "python", "-c", probe], tmp_path)
    assert done.returncode == 0, done.stderr
    module, version, schema = json.loads(done.stdout)
    assert Path(module).is_relative_to(venv) and not Path(module).is_relative_to(ROOT)
    import pipeline

    assert version == pipeline.__version__
    assert Path(schema).is_relative_to(venv) and not Path(schema).is_symlink()
    assert Path(schema).read_bytes() == (ROOT / "schemas" / "plan.schema.json").read_bytes()


# Regression: batch workers started as ``python -c ...`` imported the user's pipeline.py
# from the working folder (``-c`` puts it first on sys.path).
def test_the_command_runs_from_a_folder_holding_a_decoy_module(venv, decoy_folder):
    document = sorted(CORPUS.glob("*.txt"))[0]
    done = run([venv / "bin" / "kh-extract", document, "-o", "out"], decoy_folder)
    assert "decoy" not in done.stderr
    assert done.returncode == 0, done.stderr
    written = json.loads((decoy_folder / "out" / f"{document.stem}.json").read_text(encoding="utf-8"))
    assert written == extract(document)


def test_a_script_using_the_api_runs_from_a_folder_holding_a_decoy_module(venv, decoy_folder, tmp_path):
    document = sorted(CORPUS.glob("*.txt"))[0]
    script = tmp_path / "scripts" / "count.py"
    script.parent.mkdir()
    script.write_text("import json, sys\nfrom pathlib import Path\nfrom pipeline import extract\n"
                      "print(json.dumps(extract(Path(sys.argv[1]))))\n", encoding="utf-8")
    done = run([venv / "bin" / "python", script, document], decoy_folder)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == extract(document)


def test_review_and_tables_work_installed(venv, tmp_path):
    documents = sorted(CORPUS.glob("*.txt"))[:2]
    kh = venv / "bin" / "kh-extract"
    assert run([kh, "--version"], tmp_path).stdout.startswith("kh-extract ")
    done = run([kh, *documents, "-o", "out", "--keep-text", "--review"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "review").glob("*.html")) == \
        sorted([d.stem + ".html" for d in documents] + ["index.html"])
    done = run([kh, "tables", "out", "-o", "tables"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "tables").glob("*.csv"))) == 8
