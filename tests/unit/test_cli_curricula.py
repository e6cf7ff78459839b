"""``python -m topicgraph progress export|import|reset`` with several curricula: each acts on one (``--curriculum
ID``, the ids the app shows in ``?c=``), with the app's own store keys, in a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT
from tests.unit.test_cli_errors import one_error
from topicgraph import progress as p

VAULT = ROOT / "tests" / "fixtures" / "notes" / "vault"
REDIS, CACHING = "02-databases-redis", "01-basics-caching"  # two notes of the vault


def cli(*args: str, db: Path, data: list[Path], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a person runs it: $TOPICGRAPH_DATA naming the folders, $TOPICGRAPH_DB the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOPICGRAPH_")}
    env.update(TOPICGRAPH_DB=str(db), TOPICGRAPH_DATA=os.pathsep.join(map(str, data)),
               TOPICGRAPH_CACHE=str(tmp_path / "cache"))  # the vault is read-only: its cache goes elsewhere
    return subprocess.run([sys.executable, "-m", "topicgraph", "progress", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)


def statuses(db: Path, profile: str) -> dict[str, str]:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(str(db))))
    try:
        return store.statuses(profile)
    finally:
        store.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Ada has read a chapter of the content fixture and two notes of the vault (the vault's keys carry 'vault:')."""
    path = tmp_path / "progress.sqlite"
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(str(path))))
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status("Ada", f"vault:{REDIS}", p.DONE)
    store.set_status("Ada", f"vault:{CACHING}", p.READING)
    store.close()
    return path


def test_a_notes_curriculum_imports_under_its_own_keys(db: Path, tmp_path: Path) -> None:
    """The vault alone: an export and an import of it give another profile the same statuses (before, the import
    compared the store's 'vault:' keys with plain slugs and stored none of them)."""
    out = tmp_path / "ada.json"
    assert cli("export", "--profile", "Ada", "-o", str(out), db=db, data=[VAULT], tmp_path=tmp_path).returncode == 0
    result = cli("import", str(out), "--profile", "Grace", "--create", db=db, data=[VAULT], tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout and "not in this curriculum" not in result.stdout, result.stdout
    assert statuses(db, "Grace") == {f"vault:{REDIS}": p.DONE, f"vault:{CACHING}": p.READING}


def test_round_trip_of_the_notes_curriculum_across_two_profiles(db: Path, tmp_path: Path) -> None:
    both = [FIXTURE, VAULT]
    out = tmp_path / "progress-vault.json"
    result = cli("export", "--profile", "Ada", "--curriculum", "vault", "-o", str(out), db=db, data=both,
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text())
    assert (exported["curriculum"], exported["curriculum_name"]) == ("vault", "vault")  # the file Settings writes
    assert sorted((c["chapter"], c["status"]) for c in exported["chapters"]) == [(CACHING, p.READING),
                                                                                (REDIS, p.DONE)]

    result = cli("import", str(out), "--profile", "Grace", "--create", "--curriculum", "vault", db=db, data=both,
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"imported {out} into 'Grace' in 'vault': 2 added, 0 updated, "
                             "0 kept (already as new or newer)\n")
    assert statuses(db, "Grace") == {f"vault:{REDIS}": p.DONE, f"vault:{CACHING}": p.READING}  # not the content's
    again = cli("import", str(out), "--profile", "Grace", "--curriculum", "vault", db=db, data=both, tmp_path=tmp_path)
    assert again.stdout.endswith(": 0 added, 0 updated, 2 kept (already as new or newer)\n"), again.stdout

    # with no --curriculum: the first folder, the content fixture, with its plain slugs
    first = cli("export", "--profile", "Ada", db=db, data=both, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    content = json.loads(first.stdout)
    assert content["curriculum"] == "content" and [c["chapter"] for c in content["chapters"]] == ["redis-architecture"]
    # the vault's file into the content: refused, naming the flag that imports it; nothing changes
    one_error(cli("import", str(out), "--profile", "Grace", db=db, data=both, tmp_path=tmp_path),
              "not imported: curriculum: this file holds the progress of 'vault' (vault), not of 'content' (content); "
              "give --curriculum vault; nothing was changed")
    assert statuses(db, "Grace") == {f"vault:{REDIS}": p.DONE, f"vault:{CACHING}": p.READING}

    # a whole-profile backup (--all) holds every curriculum and imports into each in turn
    backup = tmp_path / "all.json"
    assert cli("export", "--profile", "Ada", "--all", "-o", str(backup), db=db, data=both,
               tmp_path=tmp_path).returncode == 0
    assert "curriculum" not in json.loads(backup.read_text())
    result = cli("import", str(backup), "--profile", "Linus", "--create", db=db, data=both, tmp_path=tmp_path)
    assert result.stdout.endswith(": 1 added, 0 updated, 0 kept (already as new or newer); 2 of other curricula "
                                  "left out (open one to import its statuses)\n"), result.stdout
    assert cli("import", str(backup), "--profile", "Linus", "--curriculum", "vault", db=db, data=both,
               tmp_path=tmp_path).returncode == 0
    assert statuses(db, "Linus") == statuses(db, "Ada")


def test_an_export_of_a_renamed_folder_imports_with_from(db: Path, tmp_path: Path) -> None:
    """The same notes, copied to a folder of another name (so another curriculum id): the vault's export is
    refused there, naming the flag that takes it; with --from it lands under the new curriculum's keys."""
    import shutil

    renamed = tmp_path / "my-notes"
    shutil.copytree(VAULT, renamed)
    out = tmp_path / "vault.json"
    assert cli("export", "--profile", "Ada", "-o", str(out), db=db, data=[VAULT], tmp_path=tmp_path).returncode == 0
    one_error(cli("import", str(out), "--profile", "Grace", "--create", db=db, data=[renamed], tmp_path=tmp_path),
              "not imported: curriculum: this file holds the progress of 'vault' (vault), not of 'my-notes' "
              "(my-notes); curricula here: my-notes; --from vault imports it into 'my-notes' all the same (the same "
              "notes, renamed); nothing was changed")
    assert statuses(db, "Grace") == {}
    result = cli("import", str(out), "--profile", "Grace", "--create", "--from", "vault", db=db, data=[renamed],
                 tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("in 'my-notes': 2 added, 0 updated, 0 kept (already as new or newer)\n"), result.stdout
    assert statuses(db, "Grace") == {f"my-notes:{REDIS}": p.DONE, f"my-notes:{CACHING}": p.READING}


@pytest.mark.parametrize("action", [("export",), ("import", "x.json", "--create"), ("reset", "--yes")])
def test_an_unknown_curriculum_is_one_line_naming_the_flag_and_the_ids(tmp_path: Path, action: tuple[str, ...]
                                                                       ) -> None:
    db = tmp_path / "progress.sqlite"
    one_error(cli(*action, "--profile", "Ada", "--curriculum", "valt", db=db, data=[FIXTURE, VAULT],
                  tmp_path=tmp_path), "--curriculum: there is no curriculum 'valt'; available: content, vault")
    assert not db.exists()  # checked before the store is opened: nothing created


def test_reset_forgets_one_curriculum_and_asks_first(db: Path, tmp_path: Path) -> None:
    both = [FIXTURE, VAULT]
    one_error(cli("reset", "--profile", "Ada", "--curriculum", "vault", db=db, data=both, tmp_path=tmp_path),
              "--yes: resetting forgets 2 status(es) of 'Ada' in 'vault' (vault); give --yes to confirm",
              "nothing was changed")
    assert len(statuses(db, "Ada")) == 3
    result = cli("reset", "--profile", "Ada", "--curriculum", "vault", "--yes", db=db, data=both, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "reset 'Ada' in 'vault' (vault): 2 status(es) forgotten; other curricula keep theirs\n"
    assert statuses(db, "Ada") == {"redis-architecture": p.DONE}  # the content fixture's status stays
    one_error(cli("reset", "--profile", "Nobody", "--yes", db=db, data=both, tmp_path=tmp_path),
              "--profile: there is no profile 'Nobody'")
    missing = tmp_path / "no-such-folder"
    one_error(cli("reset", "--profile", "Ada", "--yes", "--content", str(missing), db=db, data=both,
                  tmp_path=tmp_path), f"--content: {missing} does not exist")
    assert not missing.exists() and statuses(db, "Ada") == {"redis-architecture": p.DONE}
