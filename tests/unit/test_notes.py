"""Importing notes folders (tests/fixtures/notes): notes, themes, edges and the exact problem list."""

from __future__ import annotations

import itertools
import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE, LayoutJob, hubs, layout_home
from topicgraph.loader import content_signature, data_dirs, read_curriculum
from topicgraph.model import UNRATED
from topicgraph.query import Filters, matching_slugs

NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"


def edges(cur):  # type: ignore[no-untyped-def]
    return sorted(build_graph(cur).edges)


def test_obsidian_vault_notes_titles_and_themes() -> None:
    cur = read_curriculum(NOTES / "vault")
    assert cur.kind == "obsidian" and cur.is_notes
    assert cur.info["rule"] == "folder"
    assert [(t.slug, t.name) for t in cur.themes] == [
        ("top-level", "Top level"), ("basics", "Basics"), ("databases", "Databases"), ("misc", "Misc")]
    got = {c.path: (c.slug, c.title, c.themes) for c in cur.chapters}
    assert got == {
        "README.md": ("readme", "Vault index", ("top-level",)),
        "01 - Basics/Caching 🚀.md": ("01-basics-caching", "Caching 🚀", ("basics",)),
        "01 - Basics/README.md": ("01-basics-readme", "Basics", ("basics",)),
        "01 - Basics/index.md": ("01-basics-index", "Basics", ("basics",)),
        "02 - Databases/Postgres.md": ("02-databases-postgres", "PostgreSQL", ("databases",)),
        "02 - Databases/README.md": ("02-databases-readme", "Databases overview", ("databases",)),
        "02 - Databases/Redis.md": ("02-databases-redis", "Redis", ("databases",)),
        "03 - Misc/Empty.md": ("03-misc-empty", "Empty", ("misc",)),
        "03 - Misc/Orphan.md": ("03-misc-orphan", "Orphan", ("misc",)),
        "03 - Misc/Outside.md": ("03-misc-outside", "Outside", ("misc",)),
        "03 - Misc/Redis copy.md": ("03-misc-redis-copy", "Redis", ("misc",)),
        "03 - Misc/Template.md": ("03-misc-template", "Template", ("misc",)),  # never "{{title}}"
        "03 - Misc/index.md": ("03-misc-index", "Misc", ("misc",)),
    }
    redis = cur.get("02-databases-redis")
    assert redis is not None
    assert redis.updated == datetime(2023, 11, 14, 22, 13, 20)  # epoch milliseconds in front matter
    assert redis.summary == "An in-memory data store used as a cache."  # description wins
    assert cur.get("01-basics-caching").updated == datetime(2024, 3, 1)  # type: ignore[union-attr]
    assert cur.get("03-misc-orphan").summary == "Nobody links here and this note links nowhere."  # type: ignore[union-attr]
    assert {c.difficulty for c in cur.chapters} == {c.type for c in cur.chapters} == {UNRATED}
    # colours: distinct, and every theme colour visible on light and dark (see topicgraph/notes/palette.py)
    assert len({t.color for t in cur.themes}) == len(cur.themes)


def test_obsidian_vault_edges() -> None:
    cur = read_curriculum(NOTES / "vault")
    caching, redis, postgres = "01-basics-caching", "02-databases-redis", "02-databases-postgres"
    assert edges(cur) == sorted([
        # [[Redis]] and [[Redis#Persistence|...]] are one edge; ![[diagram.png]] and links in code/comments none
        (caching, redis),
        ("01-basics-readme", caching), ("01-basics-index", caching),
        # [[cache]] (an alias, loosely) and the embed ![[Redis]]; the nested list item's [[Redis|...]] too
        (postgres, caching), (postgres, redis),
        ("02-databases-readme", redis), ("02-databases-readme", postgres),
        # URL-encoded Markdown link, reference-style link, the ambiguous [[index]] (first candidate)
        (redis, caching), (redis, "01-basics-readme"), (redis, "01-basics-index"),
        ("03-misc-index", "readme"),
        *(("readme", t) for t in (caching, redis, postgres, "01-basics-readme", "02-databases-readme",
                                  "03-misc-template", "03-misc-empty", "03-misc-outside", "03-misc-redis-copy")),
    ])
    assert "03-misc-orphan" not in {n for e in edges(cur) for n in e}


def test_obsidian_vault_problems_exactly() -> None:
    cur = read_curriculum(NOTES / "vault")
    assert [str(p) for p in cur.problems] == [
        "01 - Basics/index.md:1: title: duplicate title 'Basics' (also 01 - Basics/README.md)",
        "02 - Databases/Postgres.md:5: link: [[cache]]: resolved only loosely (by alias 'cache') to "
        "01 - Basics/Caching 🚀.md",
        "02 - Databases/Postgres.md:7: link: [[Missing note]]: no note called 'Missing note'",
        "02 - Databases/Redis.md:8: link: [[index]]: ambiguous, could be 01 - Basics/index.md, 03 - Misc/index.md; "
        "using 01 - Basics/index.md",
        "03 - Misc/Empty.md:1: body: empty note",
        "03 - Misc/Outside.md:1: link: [elsewhere](../../outside.md): leads outside the folder (../outside.md); "
        "not followed",
        "03 - Misc/Redis copy.md:2: title: duplicate title 'Redis' (also 02 - Databases/Redis.md)",
    ]


def test_reader_body_links_point_into_the_app_and_code_stays_code() -> None:
    cur = read_curriculum(NOTES / "vault")
    body = cur.get("01-basics-caching").body  # type: ignore[union-attr]
    assert body.startswith("Keep hot data close")  # the H1 became the title, not a second heading
    assert "[Redis](/?chapter=02-databases-redis)" in body
    assert "[Redis on disk](/?chapter=02-databases-redis)" in body
    assert "`[[Not a link]]`" in body and "[[Also not a link]]" in body  # code is shown as written
    assert "Hidden link" not in body  # %% comments %% are private
    assert "*diagram&#46;png* &#40;attachment&#41;" in body  # escaped: the reader says it in its language
    postgres = cur.get("02-databases-postgres").body  # type: ignore[union-attr]
    assert "Missing note" in postgres and "[[Missing note]]" not in postgres  # a broken link reads as text
    assert "↪ [Redis](/?chapter=02-databases-redis)" in postgres  # a note embed is a link


def test_dendron_order_dotted_themes_and_epoch_dates() -> None:
    cur = read_curriculum(NOTES / "dendron")
    assert cur.kind == "dendron" and cur.info["rule"] == "dotted"
    assert [t.name for t in cur.themes] == ["databases", "ops", "Other"]
    assert {c.slug: c.themes[0] for c in cur.chapters} == {
        "databases": "databases", "databases-postgres": "databases", "databases-redis": "databases",
        "ops": "ops", "ops-deploy": "ops", "root": "other"}
    assert cur.get("databases-postgres").title == "Postgres"  # type: ignore[union-attr]  # no title: last part
    assert edges(cur) == sorted([
        ("root", "databases"), ("root", "ops"), ("root", "ops-deploy"),  # [[deploying|dendron://notes/ops.deploy]]
        ("databases", "databases-redis"),
        ("databases", "databases-postgres"), ("databases-redis", "databases"),  # [[the parent|databases]]
        ("databases-postgres", "databases-redis"), ("ops", "ops-deploy"), ("ops-deploy", "databases-redis")])
    assert cur.get("ops").updated == datetime(2022, 4, 15, 5, 20)  # type: ignore[union-attr]
    assert cur.problems == ()


def test_folder_without_links_keeps_its_themes() -> None:
    cur = read_curriculum(NOTES / "nolinks")
    assert [t.name for t in cur.themes] == ["alpha", "beta"]
    assert len(cur.chapters) == 3 and edges(cur) == [] and cur.problems == ()
    assert cur.info["links"] == "0"


def test_unrated_filters_match_notes_and_the_url_accepts_them() -> None:
    cur = read_curriculum(NOTES / "nolinks")
    f, notices = Filters.from_params({"difficulty": "unrated", "type": "unrated"})
    assert notices == [] and len(matching_slugs(cur, f)) == 3
    assert matching_slugs(cur, Filters(difficulties=("easy",))) == set()


def test_hub_notes_are_left_out_of_the_layout_forces() -> None:
    g = build_graph(read_curriculum(NOTES / "vault"))
    assert hubs(g) == frozenset()  # nine links in a 13-note vault is not a hub
    g.add_edges_from(("readme", f"x{i}") for i in range(40))
    g.add_nodes_from((f"x{i}" for i in range(40)), theme="misc")
    assert hubs(g) == {"readme"}


def test_read_only_folder_nothing_written_layout_in_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(NOTES / "vault", vault)
    before = sorted(str(p.relative_to(vault)) for p in vault.rglob("*"))
    for p in [vault, *vault.rglob("*")]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    cache = tmp_path / "cache"
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(cache))
    try:
        cur = read_curriculum(vault)
        positions = LayoutJob(build_graph(cur), cur, background=False).result()
        assert set(positions) == {c.slug for c in cur.chapters}
        home = layout_home(cur)
        assert home.is_relative_to(cache) and (home / LAYOUT_FILE).is_file()
        assert sorted(str(p.relative_to(vault)) for p in vault.rglob("*")) == before
        # a second folder of the same name gets its own cache directory
        other = tmp_path / "elsewhere" / "vault"
        shutil.copytree(NOTES / "nolinks", other)
        assert layout_home(read_curriculum(other)) != home
    finally:
        for p in [vault, *vault.rglob("*")]:
            p.chmod(p.stat().st_mode | stat.S_IWUSR)


def test_signature_changes_on_a_note_edit_but_not_in_hidden_folders(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(NOTES / "vault", vault)
    first = content_signature(vault)
    (vault / ".obsidian" / "workspace.json").write_text("{}")
    assert content_signature(vault) == first
    (vault / "03 - Misc" / "Orphan.md").write_text("Changed text, longer than before.\n")
    assert content_signature(vault) != first


def test_notes_yaml_and_flags_override_the_rules(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(NOTES / "vault", vault)
    (vault / "notes.yaml").write_text("themes: one\nname: My notes\nignore: ['03 - Misc/**']\nbogus: 1\n")
    cur = read_curriculum(vault)
    assert [t.name for t in cur.themes] == ["My notes"]
    assert not any(c.path.startswith("03 - Misc/") for c in cur.chapters)
    assert "notes.yaml:4: bogus: unknown field (allowed: name, kind, themes, theme_field, ignore)" in \
        [str(p) for p in cur.problems]
    cur = read_curriculum(vault, {"themes": "folder"})
    assert [t.name for t in cur.themes] == ["Top level", "Basics", "Databases"]


def test_several_folders_in_topicgraph_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(NOTES / "vault"), str(NOTES / "dendron")]))
    assert data_dirs() == [NOTES / "vault", NOTES / "dendron"]


def test_cli_validate_lists_problems_and_fails_only_when_strict() -> None:
    run = [sys.executable, "-m", "topicgraph", "validate", str(NOTES / "vault")]
    out = subprocess.run(run, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("13 notes, 4 themes, 20 links")
    assert "02 - Databases/Postgres.md:7: link: [[Missing note]]: no note called 'Missing note'" in out.stdout
    assert subprocess.run([*run, "--strict"], capture_output=True, text=True, check=False).returncode == 1
    out = subprocess.run([sys.executable, "-m", "topicgraph", "stats", str(NOTES / "dendron"), "--themes", "one"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "dendron" in out.stdout


def test_synthetic_vault_reads_and_lays_out_without_collapsing(tmp_path: Path) -> None:
    import math

    from bench.notes_synth import generate
    from topicgraph.layout import compute_positions

    stats = generate(tmp_path / "v", 300, 1000, seed=3)
    cur = read_curriculum(tmp_path / "v")
    g = build_graph(cur)
    assert len(cur.chapters) == stats["notes"] and cur.kind == "obsidian" and cur.info["rule"] == "folder"
    assert g.number_of_edges() > 900  # links in code and to unwritten notes are not edges
    assert "readme" in hubs(g)  # the index note links to 200 of 300 notes
    assert any("no note called 'Unwritten" in p.message for p in cur.problems)
    assert not any("Not a link" in p.message for p in cur.problems)
    pos = compute_positions(g, cur)
    assert set(pos) == set(g) and all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    points = sorted(pos.values())
    close = sum(1 for a, b in itertools.pairwise(points) if math.dist(a, b) < 1.0)
    assert close <= len(points) // 50  # nobody is piled on the hub


def test_bad_files_are_reported_and_every_other_note_opens(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "a").mkdir(parents=True)
    (vault / "a" / "good.md").write_text("# Good\n\nLinks to [[broken yaml]] and [[latin]].\n", encoding="utf-8")
    (vault / "a" / "broken yaml.md").write_text("---\ntitle: [unclosed\n---\n# Still here\n\nText.\n", encoding="utf-8")
    (vault / "a" / "latin.md").write_bytes(b"caf\xe9 au lait\n")
    (vault / "a" / "huge.md").write_bytes(b"x" * 1_000_001)
    (vault / "a" / "dates.md").write_text("---\nupdated: last tuesday\n---\nA note with a bad date.\n")
    (vault / "a" / "aliased.md").write_text("---\nalias: *x\n---\nAlias in YAML.\n")
    cur = read_curriculum(vault)
    assert sorted(c.path for c in cur.chapters) == ["a/aliased.md", "a/broken yaml.md", "a/dates.md", "a/good.md"]
    assert cur.get("a-broken-yaml").title == "Still here"  # type: ignore[union-attr]  # front matter lost, H1 kept
    messages = [str(p) for p in cur.problems]
    assert messages[0] == "a/aliased.md:2: front matter: unreadable YAML: found undefined alias"
    assert messages[1].startswith("a/broken yaml.md:3: front matter: unreadable YAML")
    assert messages[2:] == [
        "a/dates.md:2: updated: 'last tuesday' is not a date; the file's time is used",
        "a/good.md:3: link: [[latin]]: no note called 'latin'",
        "a/huge.md:1: file: is 1.0 MB; the limit is 1 MB per file",
        "a/latin.md:1: file: not UTF-8 text: byte 0xe9 at column 4; save the file as UTF-8",
    ]
    assert edges(cur) == [("a-good", "a-broken-yaml")]


def test_each_theme_starts_at_its_index_note_then_the_most_linked() -> None:
    from topicgraph.reading import entry_chapter, reading_order, start_chapter

    cur = read_curriculum(NOTES / "vault")
    assert [entry_chapter(cur, t.slug).title for t in cur.themes] == [  # type: ignore[union-attr]
        "Vault index", "Basics", "Databases overview", "Misc"]
    assert [c.title for c in reading_order(cur, "databases")] == ["Databases overview", "Redis", "PostgreSQL"]
    assert start_chapter(cur, None)[0].title == "Vault index"  # type: ignore[union-attr]
