"""layout.json survives bad entries, torn files, readers during writes and two writers (issue 9, items 3 and 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from topicgraph.graph import build_graph
from topicgraph.layout import (
    LAYOUT_FILE,
    load_positions,
    merge_positions,
    read_positions,
    stable_positions,
    write_positions,
)
from topicgraph.loader import read_curriculum


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", ["[NaN, 1]", "[1, Infinity]", "[-Infinity, 0]", "[1e400, 0]", '["1", 2]',
                                 "[true, 2]", "[null, 2]", "[1]", "[1, 2, 3]", '{"x": 1, "y": 2}', '"here"', "7"])
def test_one_bad_entry_is_dropped_and_reported_the_rest_kept(tmp_path: Path, bad: str) -> None:
    file = write(tmp_path / LAYOUT_FILE, f'{{\n"a": [1.5, -2],\n"bad": {bad},\n"c": [3, 4]\n}}\n')
    positions, problems = load_positions(file)
    assert positions == {"a": (1.5, -2.0), "c": (3.0, 4.0)}
    assert len(problems) == 1 and "'bad'" in problems[0] and "dropped" in problems[0], problems


def test_no_nan_or_infinity_ever_comes_out(tmp_path: Path) -> None:
    file = write(tmp_path / LAYOUT_FILE, '{"a": [NaN, NaN], "b": [Infinity, 1], "c": [0, -Infinity], "d": [1, 2]}')
    positions, problems = load_positions(file)
    assert positions == {"d": (1.0, 2.0)}
    assert len(problems) == 3
    json.dumps(positions, allow_nan=False)  # what the browser gets parses as JSON


def test_a_torn_file_keeps_every_complete_entry(tmp_path: Path) -> None:
    whole = "{\n" + ",\n".join(f'"n{i}": [{i}.5, {-i}]' for i in range(10)) + "\n}\n"
    file = write(tmp_path / LAYOUT_FILE, whole[: whole.index('"n7"') + 9])  # cut inside entry n7
    positions, problems = load_positions(file)
    assert positions == {f"n{i}": (i + 0.5, float(-i)) for i in range(7)}
    assert len(problems) == 1 and ":9:" in problems[0]  # the torn line, by its line number


@pytest.mark.parametrize("text", ["", "[]", "[[1, 2]]", "null", "\x00\x00\x00", "{"])
def test_junk_files_give_no_positions_and_no_crash(tmp_path: Path, text: str) -> None:
    positions, _ = load_positions(write(tmp_path / LAYOUT_FILE, text))
    assert positions == {}


def test_missing_file_is_not_a_problem(tmp_path: Path) -> None:
    assert load_positions(tmp_path / LAYOUT_FILE) == ({}, [])


def test_hand_tuned_positions_survive_a_bad_entry(content: Path) -> None:
    cur = read_curriculum(content)
    g = build_graph(cur)
    slugs = sorted(g)
    hand = {s: (1000.0 + 10 * i, -500.0 - 5 * i) for i, s in enumerate(slugs[1:])}  # every chapter but one
    rows = [f'"{s}": [{x}, {y}]' for s, (x, y) in hand.items()] + [f'"{slugs[0]}": [NaN, 3]']
    write(content / LAYOUT_FILE, "{\n" + ",\n".join(rows) + "\n}\n")
    positions = stable_positions(g, cur)
    assert all(positions[s] == p for s, p in hand.items())  # not one hand-tuned position moved
    stored = read_positions(content / LAYOUT_FILE)
    assert all(stored[s] == p for s, p in hand.items())
    assert all(map(lambda v: abs(v) < 1e6, stored[slugs[0]]))  # the bad one was placed again, finitely
    assert load_positions(content / LAYOUT_FILE)[1] == []  # and the file is clean now


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    file = tmp_path / LAYOUT_FILE
    assert write_positions(file, {"a": (1.0, 2.0)})
    os.chmod(file, 0o640)
    assert write_positions(file, {"b": (3.0, 4.0)})
    assert sorted(p.name for p in tmp_path.iterdir()) == [LAYOUT_FILE, LAYOUT_FILE + ".lock"]
    assert file.stat().st_mode & 0o777 == 0o640  # a rewrite keeps the file's permissions
    assert json.loads(file.read_text()) == {"a": [1.0, 2.0], "b": [3.0, 4.0]}


def test_merge_keeps_stored_positions_and_adds_new_ones(tmp_path: Path) -> None:
    file = tmp_path / LAYOUT_FILE
    write_positions(file, {"a": (1.0, 1.0), "b": (2.0, 2.0)})
    merged = merge_positions(file, {"a": (9.0, 9.0), "c": (3.0, 3.0)})  # a server placing what it lacks
    assert merged == {"a": (1.0, 1.0), "b": (2.0, 2.0), "c": (3.0, 3.0)}
    assert read_positions(file) == merged
    write_positions(file, {"a": (5.0, 5.0)})  # `python -m topicgraph layout`: replaces its own, keeps others
    assert read_positions(file) == {"a": (5.0, 5.0), "b": (2.0, 2.0), "c": (3.0, 3.0)}


def _run(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


WRITER = """
    import sys
    from topicgraph.layout import write_positions
    file, rounds = sys.argv[1], int(sys.argv[2])
    for r in range(rounds):
        write_positions(file, {f"n{i}": (float(r), float(i)) for i in range(300)})
    print("wrote", rounds)
"""


def test_a_reader_never_sees_an_empty_or_partial_file_while_another_process_writes(tmp_path: Path) -> None:
    file = tmp_path / LAYOUT_FILE
    write_positions(file, {f"n{i}": (-1.0, float(i)) for i in range(300)})
    writer = _run(WRITER, str(file), "100000")
    reads, rounds, bad = 0, set(), []
    try:
        while load_positions(file)[0].get("n0", (-1.0, 0.0))[0] == -1.0:  # until the writer has started
            assert writer.poll() is None, writer.communicate()
        while reads < 2000 and writer.poll() is None:
            positions, problems = load_positions(file)
            reads += 1
            rounds.add(positions.get("n0", (None, None))[0])
            if len(positions) != 300 or problems:
                bad.append((len(positions), problems[:1]))
    finally:
        writer.kill()
        writer.communicate()
    assert reads >= 1000, f"the writer stopped early: {writer.returncode}"
    assert len(rounds) > 10, "the reads did not overlap the writes"
    assert bad == [], f"{len(bad)} of {reads} reads were empty or partial: {bad[:3]}"


ADDER = """
    import sys
    from topicgraph.layout import merge_positions
    file, name = sys.argv[1], sys.argv[2]
    for i in range(60):
        assert merge_positions(file, {f"{name}{i}": (float(i), 1.0)}) is not None
"""


def test_two_writers_never_lose_each_others_entries(tmp_path: Path) -> None:
    file = tmp_path / LAYOUT_FILE
    write_positions(file, {"hand-tuned": (123.4, -56.7)})
    writers = [_run(ADDER, str(file), name) for name in ("a", "b")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    stored = read_positions(file)
    assert set(stored) == {"hand-tuned"} | {f"{n}{i}" for n in "ab" for i in range(60)}
    assert stored["hand-tuned"] == (123.4, -56.7)


def test_a_write_between_read_and_merge_is_not_lost(tmp_path: Path) -> None:
    from topicgraph.layout import _stamp

    file = tmp_path / LAYOUT_FILE
    write_positions(file, {"a": (1.0, 1.0)})
    stamp, stored = _stamp(file), read_positions(file)  # what a server read at start-up
    write_positions(file, {"b": (2.0, 2.0)})  # meanwhile `python -m topicgraph layout` (or a second server)
    merged = merge_positions(file, {"c": (3.0, 3.0)}, seen=(stamp, stored))
    assert merged == read_positions(file) == {"a": (1.0, 1.0), "b": (2.0, 2.0), "c": (3.0, 3.0)}
