"""No language text written into a page or a component: a string literal of two or more words handed
straight to a Streamlit text or widget call (its first argument, label, placeholder, help or text) is a
string the other language never sees. Texts come from the catalogs (``t("key")``, issue 19 point 2).

Read from the source (AST), so it covers branches no AppTest reaches (errors, sign-in, imported notes)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

#: Streamlit calls that show their first argument (or these keywords) as text.
TEXT_CALLS = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning", "error", "success",
    "toast", "button", "form_submit_button", "download_button", "link_button", "page_link", "toggle", "checkbox",
    "radio", "selectbox", "multiselect", "text_input", "text_area", "number_input", "date_input", "time_input",
    "slider", "select_slider", "segmented_control", "pills", "file_uploader", "expander", "popover", "metric",
    "tabs", "badge", "progress", "status", "spinner", "Page", "TextColumn", "NumberColumn", "DatetimeColumn",
    "LinkColumn", "CheckboxColumn", "SelectboxColumn", "ProgressColumn", "Column",
}
TEXT_KEYWORDS = {"label", "placeholder", "help", "text", "title", "caption"}
WORDS = re.compile(r"[^\W\d_]{2,}[\s\u00a0]+[^\W\d_]{2,}")

#: Literals that are not language text, with the reason. Key: "path:call:literal" (the f-string's fixed parts).
ALLOWED: dict[str, str] = {
}
#: Language text still written in place, each with why it is not converted yet. The test fails when one is
#: fixed (take it off this list) or when a new one appears.
KNOWN_GAPS: dict[str, str] = {}


def _literal(node: ast.expr) -> str | None:
    """The fixed text of a string literal or an f-string (its literal parts joined), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a " + "b"
        parts = [_literal(node.left), _literal(node.right)]
        return "".join(p for p in parts if p)
    if isinstance(node, ast.IfExp):  # "a b" if x else "c d"
        parts = [_literal(node.body), _literal(node.orelse)]
        return " | ".join(p for p in parts if p) or None
    return None


def _texts(call: ast.Call) -> Iterator[ast.expr]:
    if call.args:
        yield call.args[0]
    for kw in call.keywords:
        if kw.arg in TEXT_KEYWORDS:
            yield kw.value


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in TEXT_CALLS:
            continue
        for arg in _texts(node):
            text = _literal(arg)
            if text and WORDS.search(text) and f"{rel}:{name}:{text}" not in ALLOWED:
                found.append(f"{rel}:{name}:{text}")
    return found


def sources() -> list[Path]:
    return sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")])


def test_no_language_text_in_streamlit_calls() -> None:
    found = [o for path in sources() for o in offences(path)]
    assert sorted(set(found) - set(KNOWN_GAPS)) == []
    assert sorted(set(KNOWN_GAPS) - set(found)) == [], "fixed: take these off KNOWN_GAPS"


def test_the_check_finds_a_literal(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('import streamlit as st\nst.button("Close chapter")\nst.caption(f"Read {x} before now")\n'
                      'st.button(t("reader.close"), help="ok")\nst.markdown(f"**{a}** · {b}")\n'
                      'col.toggle("x", help="Hide " + "the rest")\n', encoding="utf-8")
    assert [o.split(":", 1)[1] for o in offences(sample)] == [
        "button:Close chapter", "caption:Read  before now", "toggle:Hide the rest"]
