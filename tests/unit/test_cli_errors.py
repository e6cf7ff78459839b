"""CLI errors: one line on stderr, exit 2, never a traceback; output files are whole or absent (a real full disk,
a tmpfs); a missing content folder fails and is never created; the progress import refuses what the store refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT
from tests.unit.test_progress_faults import fill, tmpfs
from tests.unit.test_progress_import_limits import big_export
from topicgraph import progress as p


def cli(*args: str, db: str | Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOPICGRAPH_")}
    if db is not None:
        env["TOPICGRAPH_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "topicgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def one_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr starting ``error:`` and holding ``words``."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-2000:]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_export_to_a_folder(tmp_path: Path) -> None:
    one_error(cli("export", "-o", str(tmp_path), str(FIXTURE)), f"cannot write {tmp_path}: it is a folder")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder nobody can write into, not even root: a read-only mount."""
    with tmpfs("64k") as disk:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        yield disk


def test_export_to_an_unwritable_place(read_only_folder: Path, tmp_path: Path) -> None:
    one_error(cli("export", "-o", str(read_only_folder / "view.json"), str(FIXTURE)),
              f"cannot write {read_only_folder / 'view.json'}", "Read-only file system")
    one_error(cli("export", "-o", str(tmp_path / "no-such-folder" / "view.json"), str(FIXTURE)),
              "no-such-folder does not exist")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    one_error(cli("export", "-o", str(blocker / "view.json"), str(FIXTURE)), "a-file is not a folder")
    assert blocker.read_text() == "x"


def test_a_full_disk_leaves_no_partial_or_empty_file() -> None:
    with tmpfs("256k") as disk:
        kept = disk / "view.html"
        kept.write_text("the previous export\n")
        fill(disk)
        one_error(cli("export", "--format", "html", "-o", str(kept), str(FIXTURE)),
                  f"cannot write {kept}", "No space left on device", "nothing was written")
        assert kept.read_text() == "the previous export\n"  # the old file is intact
        new = disk / "new.html"
        one_error(cli("export", "--format", "html", "-o", str(new), str(FIXTURE)), "No space left on device")
        assert sorted(f.name for f in disk.iterdir()) == ["filler", "view.html"]  # no 0-byte file, no temp file


def test_a_written_export_is_whole(tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = cli("export", "-o", str(out), str(FIXTURE))
    assert result.returncode == 0 and result.stderr == ""
    assert len(json.loads(out.read_text())["nodes"]) == 12
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert [f.name for f in tmp_path.iterdir()] == ["graph.json"]


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("command", [["layout"], ["export"], ["stats"], ["stats", "--json"], ["validate"]])
def test_a_missing_content_folder_fails_and_is_not_created(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "dta"
    one_error(cli(*command, str(typo)), f"content folder {typo} does not exist")
    assert not typo.exists()
    afile = tmp_path / "themes.yaml"
    afile.write_text("[]\n")
    one_error(cli(*command, str(afile)), "is not a folder")


def test_layout_still_writes_into_an_existing_folder(content: Path) -> None:
    (content / "layout.json").unlink(missing_ok=True)
    result = cli("layout", str(content))
    assert result.returncode == 0 and "wrote 12 positions" in result.stdout
    assert len(json.loads((content / "layout.json").read_text())) >= 12


# --------------------------------------------------------------------------- progress import / export


def test_progress_import_refuses_the_49_mb_export(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    big = tmp_path / "big.json"
    big.write_bytes(big_export())
    line = one_error(cli("progress", "import", str(big), "--profile", "Ada", "--create", "--content", str(FIXTURE),
                         db=db), "not imported: file: is 49.7 MB; an import may be at most 5 MB", "nothing was changed")
    assert len(line) < 200
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(str(db))))
    assert s.all_progress() == []
    s.close()


def test_progress_import_and_export_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(str(db))))
    s.set_status("Ada", "redis-architecture", p.DONE)
    s.set_status("Ada", "a-chapter-of-another-curriculum", p.DONE)
    s.close()
    out = tmp_path / "ada.json"
    # the curriculum of --content (as $TOPICGRAPH_DATA would name it): its statuses, its id in the file
    assert cli("progress", "export", "--profile", "Ada", "-o", str(out), "--content", str(FIXTURE),
               db=db).returncode == 0
    one_error(cli("progress", "import", str(out), "--profile", "Grace", "--content", str(FIXTURE), db=db),
              "there is no profile 'Grace'", "--create")
    result = cli("progress", "import", str(out), "--profile", "Grace", "--create", "--content", str(FIXTURE), db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"imported {out} into 'Grace' in 'content': 1 added, 0 updated, 0 kept (already as new "
                             "or newer); "
                             "1 not in this curriculum, not imported: a-chapter-of-another-curriculum\n")
    one_error(cli("progress", "export", "--profile", "Ada", "-o", str(tmp_path), db=db), "it is a folder")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "topicgraph-progress", "version": 1, "chapters": ' + "[" * 100_000)
    one_error(cli("progress", "import", str(bad), "--profile", "Grace", db=db),
              "not imported: file: nested too deeply")
    one_error(cli("progress", "import", str(tmp_path / "missing.json"), "--profile", "Grace", db=db),
              "cannot read", "No such file or directory")


@pytest.mark.parametrize(("db", "words"), [
    ("postgresql+psycopg://u:s3cret@localhost:54x2/progress", ("the port after the host name is not a number",
                                                               "u:***@")),
    ("sqlite://", ("in-memory SQLite database",)),
])
def test_progress_commands_on_a_bad_store_say_why(db: str, words: tuple[str, ...]) -> None:
    line = one_error(cli("progress", "export", "--profile", "Ada", db=db), *words)
    assert "s3cret" not in line
