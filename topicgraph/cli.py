"""Command line: ``python -m topicgraph <command> [DIR]``.

DIR defaults to ``$TOPICGRAPH_DATA`` or the bundled ``data/``; a DIR that is not a folder is an error
(nothing is created). Every error is one line on stderr, ``error: …``, with exit status 2 (``validate``
exits 1 for problems in the content). Output files are written whole or not at all (a temporary file
in the same folder, renamed over the target), so a full disk never leaves a partial or empty file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .export import FORMATS, export
from .graph import build_graph
from .i18n import DEFAULT_LANG, LANGS, language_from, t
from .i18n.cli import add_commands as add_i18n_commands
from .i18n.content import translation_warnings
from .layout import LAYOUT_FILE, compute_positions, layout_home, read_positions, write_positions
from .lint import content_warnings
from .loader import data_dir, read_curriculum
from .model import DIFFICULTIES, TYPES, Curriculum
from .notes import KINDS
from .notes.themes import RULES
from .query import Filters
from .stats import summary, theme_table

if TYPE_CHECKING:
    from . import curricula, progress


class CliError(Exception):
    """A problem the user can fix, printed as ``error: <message>`` with exit status 2."""


def _content(args: argparse.Namespace) -> Curriculum:
    """The content at DIR; for a notes folder the options --kind, --themes, --theme-field and --ignore
    override its notes.yaml."""
    root = data_dir(getattr(args, "dir", None))
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise CliError(f"content folder {root} {what} (give a folder with themes.yaml and chapters/, or a folder "
                       "of Markdown notes)")
    notes = {"kind": getattr(args, "kind", None), "themes": getattr(args, "themes", None),
             "theme_field": getattr(args, "theme_field", None), "ignore": tuple(getattr(args, "ignore", None) or ())}
    return read_curriculum(root, notes)


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def write_whole(target: str, text: str) -> None:
    """Write ``text`` to ``target`` completely or not at all: a temporary file in the same folder, flushed
    to disk, then renamed over the target; on any failure the temporary file is removed and an existing
    target is left as it was."""
    path = Path(target)
    if path.is_dir():
        raise CliError(f"cannot write {target}: it is a folder (give a file name)")
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise CliError(f"cannot write {target}: {path.parent} {what}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise CliError(f"cannot write {target}: {_why(e)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        raise CliError(f"cannot write {target}: {_why(e)}; nothing was written") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _validate(args: argparse.Namespace) -> int:
    cur = _content(args)
    g = build_graph(cur)
    warnings = content_warnings(cur) + translation_warnings(cur)
    say = _Validate(args.lang, cur, warnings)
    if cur.is_notes:  # an imported notes folder: its problems are findings, not a broken build (--strict: they are)
        print(say.notes_head(g.number_of_edges()))
        for problem in cur.problems:
            print(problem.text(args.lang))
        print(say.tally(), file=sys.stderr if cur.problems and args.strict else sys.stdout)
        return 1 if args.strict and (cur.problems or warnings) else 0
    print(say.head(g.number_of_edges()))
    for problem in cur.problems:
        print(problem.text(args.lang))
    for warning in warnings:
        print(f"{warning.where(args.lang)}: {t('problem.cli.warning', args.lang)}: {warning.reason(args.lang)}")
    if cur.problems or (warnings and args.strict):
        print(say.tally(), file=sys.stderr)
        return 1
    print(say.tally(full=False))
    return 0


class _Validate:
    """The summary lines of ``validate``: English exactly as they always read (scripts parse them), any other
    language from the catalog with its plurals («213 глав, 14 тем, 640 ссылок»)."""

    def __init__(self, lang: str, cur: Curriculum, warnings: Sequence[object]) -> None:
        self.lang, self.cur, self.en = lang, cur, lang == DEFAULT_LANG
        self.problems, self.warnings = len(cur.problems), len(warnings)

    def _n(self, key: str, n: int) -> str:
        return t(key, self.lang, n=n)

    def head(self, links: int) -> str:
        cur = self.cur
        if self.en:
            return f"{len(cur.chapters)} chapters, {len(cur.themes)} themes, {links} links ({cur.root})"
        # counts joined in code: a catalog text of bare placeholders would match any text in the page checks
        return (f"{self._n('count.chapters', len(cur.chapters))}, {self._n('count.themes', len(cur.themes))}, "
                f"{self._n('problem.cli.links', links)} ({cur.root})")

    def notes_head(self, links: int) -> str:
        cur = self.cur
        if self.en:
            return (f"{len(cur.chapters)} notes, {len(cur.themes)} themes, {links} links ({cur.root}; "
                    f"{cur.kind} folder, themes by {cur.info.get('theme_rule', '?')})")
        rule, said = cur.info.get("rule", ""), str(cur.info.get("theme_rule", "?"))
        field = re.search(r"'(.+)'", said)  # the front-matter field, as topicgraph.notes names it
        how = t(f"curricula.rule.{rule}", self.lang, field=field[1] if field else "") if rule in RULES else said
        return t("problem.cli.notes_head", self.lang, notes=self._n("problem.cli.notes", len(cur.chapters)),
                 themes=self._n("count.themes", len(cur.themes)), links=self._n("problem.cli.links", links),
                 root=str(cur.root), kind=str(cur.kind), rule=how)

    def tally(self, full: bool = True) -> str:
        """Problems and warnings counted; not *full*: "0 problems" alone when there is nothing at all."""
        if self.en:
            if full:
                return f"{self.problems} problem(s), {self.warnings} warning(s)"
            return f"0 problems, {self.warnings} warning(s)" if self.warnings else "0 problems"
        problems = self._n("problem.cli.problems", self.problems) if self.problems else t("problem.cli.none", self.lang)
        if not full and not self.warnings:
            return problems
        return f"{problems}, {self._n('problem.cli.warnings', self.warnings)}"


def _stats(args: argparse.Namespace) -> int:
    cur = _content(args)
    g = build_graph(cur)
    if args.json:
        print(json.dumps({"summary": summary(cur, g), "themes": theme_table(cur).reset_index().to_dict("records")}))
    else:
        print(theme_table(cur).to_string())
        print()
        for key, value in summary(cur, g).items():
            print(f"{key}: {value}")
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.output and Path(args.output).is_dir():  # before the work, not after it
        raise CliError(f"cannot write {args.output}: it is a folder (give a file name)")
    cur = _content(args)
    g = build_graph(cur)
    raw = {"theme": args.theme or "", "difficulty": args.difficulty or "", "type": args.type or ""}
    filters, notices = Filters.from_params(raw, [t.slug for t in cur.themes])
    if notices:  # a typo must not silently export everything
        for notice in notices:
            print(f"error: {notice.removesuffix(' was ignored.')}", file=sys.stderr)
        print(f"themes: {', '.join(t.slug for t in cur.themes)}", file=sys.stderr)
        return 2
    positions = None
    if args.format == "html":  # the stored layout; chapters missing from it are placed as the app would
        positions = compute_positions(g, cur, read_positions(layout_home(cur) / LAYOUT_FILE))
    text = export(args.format, cur, g, filters, positions)
    if args.output:
        write_whole(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _layout(args: argparse.Namespace) -> int:
    cur = _content(args)
    positions = compute_positions(build_graph(cur), cur, known=None)
    target = f"{layout_home(cur)}/{LAYOUT_FILE}"
    if not write_positions(target, positions):
        raise CliError(f"cannot write {target} (read-only, full, or locked by another writer)")
    print(f"wrote {len(positions)} positions to {target}")
    return 0


def _with_store(command: Callable[[argparse.Namespace, progress.ProgressStore], int]
                ) -> Callable[[argparse.Namespace], int]:
    """Run a progress command on the configured store; its failures become one-line errors. (The store,
    and SQLAlchemy with it, is imported only by these commands: the others start faster without it.)"""
    def run(args: argparse.Namespace) -> int:
        from . import progress

        args.choice = _choice(args)  # before the store: a mistyped id or folder must not open (or create) one
        try:
            store = progress.ProgressStore.open(progress.StoreConfig.resolve())
            try:
                return command(args, store)
            finally:
                store.close()
        except progress.StoreUnavailable as e:
            raise CliError(str(e)) from None
        except progress.ProgressFileError as e:
            raise CliError(f"not imported: {e}; nothing was changed") from None
    return run


def _choice(args: argparse.Namespace) -> curricula.Choice:
    """The curriculum a progress command acts on: ``--curriculum ID`` among the folders of ``--content``
    (else ``$TOPICGRAPH_DATA``, else the bundled data/), the first by default. Ids and store keys are the
    app's own for the same folders (topicgraph/curricula.py), so the CLI reads and writes what the app shows."""
    from . import curricula

    named = _folders(args)
    for folder in named or ():
        if not Path(folder).is_dir():
            what = "is not a folder" if Path(folder).exists() else "does not exist"
            raise CliError(f"--content: {folder} {what} (give a folder with themes.yaml and chapters/, or a folder "
                           "of Markdown notes)")
    found = curricula.choices(named)
    if args.curriculum is None:
        return found[0]
    pick = next((c for c in found if c.id == args.curriculum), None)
    if pick is None:
        wanted = args.curriculum if len(args.curriculum) <= 40 else args.curriculum[:39] + "…"
        raise CliError(f"--curriculum: there is no curriculum {wanted!r}; available: "
                       f"{', '.join(c.id for c in found)}")
    return pick


def _profile(store: progress.ProgressStore, name: str, create: bool) -> str:
    from .progress import clean_profile_name

    try:
        name = clean_profile_name(name)
    except ValueError as e:
        raise CliError(f"--profile: {e}") from None
    if name not in store.profiles():
        if not create:
            raise CliError(f"--profile: there is no profile {name!r} in {store.cfg.where} (--create makes it)")
        store.create_profile(name)
    return name


def _progress_import(args: argparse.Namespace, store: progress.ProgressStore) -> int:
    from . import curricula
    from .progress import ProgressFileError, check_size

    choice: curricula.Choice = args.choice
    cur = read_curriculum(choice.root)  # its chapters are kept; statuses of others are counted, not stored
    name = _profile(store, args.profile, args.create)
    limits = store.cfg.limits
    try:
        with open(args.file, "rb") as f:
            check_size(os.fstat(f.fileno()).st_size, limits)  # never read a huge file whole
            data = f.read(limits.max_bytes + 1)
    except OSError as e:
        raise CliError(f"cannot read {args.file}: {_why(e)}") from None
    try:
        result = curricula.import_progress(store, name, data, choice, [c.slug for c in cur.chapters],
                                           accept=args.from_id)
    except ProgressFileError as e:
        if e.field != "curriculum":
            raise
        other = str(e.params.get("id", ""))  # the app says "open c=…"; here the flag does that
        ids = [c.id for c in curricula.choices(_folders(args))]
        todo = (f"give --curriculum {other}" if other in ids else f"curricula here: {', '.join(ids)}; "
                f"--from {other} imports it into {choice.id!r} all the same (the same notes, renamed)")
        raise CliError(f"not imported: {e.field}: this file holds the progress of {e.params.get('file')}"
                       f"{e.params.get('named', '')}, not of {choice.id!r} ({choice.name}); {todo}; "
                       "nothing was changed") from None
    print(f"imported {args.file} into {name!r} in {choice.id!r}: {result}")
    return 0


def _folders(args: argparse.Namespace) -> list[str] | None:
    return [d for d in (args.content or "").split(os.pathsep) if d.strip()] or None


def _progress_export(args: argparse.Namespace, store: progress.ProgressStore) -> int:
    from . import curricula

    name = _profile(store, args.profile, create=False)
    text = store.export_json(name) if args.all else curricula.export_progress(store, name, args.choice)
    if args.output:
        write_whole(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _progress_reset(args: argparse.Namespace, store: progress.ProgressStore) -> int:
    from . import curricula

    choice: curricula.Choice = args.choice
    name = _profile(store, args.profile, create=False)
    held = len(curricula.local_statuses(store.statuses(name), choice.prefix))
    what = f"{held} status(es) of {name!r} in {choice.id!r} ({choice.name})"
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(f"--yes: resetting forgets {what}; give --yes to confirm (nothing was changed)")
        if input(f"Forget {what}? Other curricula keep theirs. [y/N] ").strip().lower() not in ("y", "yes"):
            print("nothing was changed")
            return 0
    removed = curricula.reset_progress(store, name, choice)
    print(f"reset {name!r} in {choice.id!r} ({choice.name}): {removed} status(es) forgotten; "
          "other curricula keep theirs")
    return 0


def _env_lang() -> str:
    """The language of the locale the shell asks for (POSIX order: LC_ALL, LC_MESSAGES, LANG), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return language_from(os.environ[name]) or DEFAULT_LANG
    return DEFAULT_LANG


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m topicgraph",
        description="Check and inspect a System Design Space curriculum (themes.yaml + chapters/*.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("dir", nargs="?", help="content directory or notes folder (default: the first in "
                                              "$TOPICGRAPH_DATA, else the bundled data/)")
        notes = p.add_argument_group("notes folders", "override the folder's notes.yaml (Obsidian, Foam, Dendron or "
                                                      "plain Markdown folders)")
        notes.add_argument("--kind", choices=KINDS, help="the kind of folder (default: detected)")
        notes.add_argument("--themes", choices=RULES, help="where themes come from (default: the first rule that "
                                                           "sorts most notes: field, folder, dotted, tag, one)")
        notes.add_argument("--theme-field", metavar="NAME", help="the front-matter field holding themes")
        notes.add_argument("--ignore", metavar="GLOB", action="append", help="leave out matching paths "
                                                                             "(repeatable), e.g. 'Templates/**'")
        return p

    p = command("validate", "Load every file and print a summary and every problem as path:line: field: message, "
                            "then warnings (remote images, which the app never loads). Exit 0 when there is no "
                            "problem, 1 when any (--strict: also on warnings). For a notes folder problems are "
                            "listed and exit 1 only with --strict. Once a content has any translation, "
                            "chapters and themes without one and stale translations are warnings too.")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--lang", choices=LANGS, default=_env_lang(),
                   help="the language of the problems and the summary (default: $LANG when it is Russian, else en); "
                        "paths, field names and the files' own values stay as written")
    p.set_defaults(func=_validate)
    p = command("stats", "Chapters and words per theme, links and cross-theme links.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_stats)
    p = command("export", "Print the chapters matching the filters: the graph (nodes, typed edges) as JSON or "
                          "GraphML, the catalog as CSV, or a standalone interactive HTML page that works offline.")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    p.add_argument("--theme", metavar="A,B", help="only chapters in any of these themes (slugs)")
    p.add_argument("--difficulty", metavar="A,B", help=f"only these difficulties ({', '.join(DIFFICULTIES)})")
    p.add_argument("--type", metavar="A,B", help=f"only these content types ({', '.join(TYPES)})")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_export)
    command("layout", f"Recompute every node position from scratch and store it in DIR/{LAYOUT_FILE} "
                      "(moves every node; the app only ever adds new ones).").set_defaults(func=_layout)
    add_i18n_commands(sub, lambda p: p.add_argument("dir", nargs="?", help="content directory"))

    prog = sub.add_parser("progress", help="Export, import or reset one profile's reading progress in one "
                                           "curriculum (the store in $TOPICGRAPH_DB, else the default SQLite file).",
                          description="Export, import or reset one profile's reading progress in one curriculum: "
                                      "each curriculum keeps its own, as in the app.")
    psub = prog.add_subparsers(dest="action", required=True, metavar="ACTION")

    def progress_command(name: str, help: str) -> argparse.ArgumentParser:
        p = psub.add_parser(name, help=help, description=help)
        p.add_argument("--curriculum", metavar="ID", help="the curriculum, by the id the app shows in its address "
                                                          "(c=ID; default: the first folder)")
        p.add_argument("--content", metavar="DIR", help="the content folders, as $TOPICGRAPH_DATA names them "
                                                        f"(several separated by {os.pathsep!r}; default: "
                                                        "$TOPICGRAPH_DATA, else the bundled data/)")
        return p

    p = progress_command("import", "Merge an export of the curriculum into a profile (a chapter takes the file's "
                                   "status only when it is newer; chapters not in the curriculum are counted, not "
                                   "stored; an export of another curriculum is refused).")
    p.add_argument("file", metavar="FILE", help="a progress export (JSON)")
    p.add_argument("--profile", required=True, help="the profile to merge into")
    p.add_argument("--create", action="store_true", help="create the profile when it does not exist")
    p.add_argument("--from", dest="from_id", metavar="ID", help="also take an export of curriculum ID (the same "
                                                                "notes in a folder that was renamed or moved)")
    p.set_defaults(func=_with_store(_progress_import))
    p = progress_command("export", "Print a profile's progress in the curriculum as JSON (the file Settings "
                                   "exports).")
    p.add_argument("--profile", required=True, help="the profile to export")
    p.add_argument("--all", action="store_true", help="every curriculum's statuses, as the store keys them (a "
                                                      "backup; it imports into each curriculum in turn)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_with_store(_progress_export))
    p = progress_command("reset", "Forget a profile's statuses in the curriculum; its other curricula keep theirs.")
    p.add_argument("--profile", required=True, help="the profile to reset")
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not run in a terminal)")
    p.set_defaults(func=_with_store(_progress_reset))

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as e:
        print(f"error: {e}", file=sys.stderr)
    except OSError as e:  # a file the command reads or writes: one line, never a traceback
        where = f" {e.filename}" if e.filename else ""
        print(f"error: cannot use{where}: {_why(e)}", file=sys.stderr)
    return 2
