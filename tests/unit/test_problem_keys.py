"""Every content problem has a catalog key (issue 19): read ``topicgraph/`` and fail on a ``ContentError(``
without one, on a ``problem.*`` key missing from either catalog or with other placeholders in one of them,
on a call whose parameters are not the text's placeholders, and on a catalog key nothing uses. The checker is
run on small bad sources too, so it is shown to fail."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Mapping

import pytest

from tests.conftest import ROOT
from topicgraph.i18n import catalog

SRC = ROOT / "topicgraph"
KEY = re.compile(r"problem\.[a-z0-9_]+(?:\.[a-z0-9_]+)+\Z")
FIELD = re.compile(r"\{(\w+)\}")
# calls that take a problem key and its parameters as keywords (ContentError and the helpers that build one)
KEYED = {"ContentError", "fail", "bad", "_Reason", "Said"}
NOT_PARAMS = {"key", "consequence"}


def placeholders(entry: object) -> set[str]:
    texts = entry.values() if isinstance(entry, Mapping) else [entry]
    return {name for text in texts for name in FIELD.findall(str(text))}


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
        return node.value
    return None


def check_source(source: str, where: str) -> tuple[list[str], set[str]]:
    """Complaints about the problem keys in one source file, and the keys it names."""
    en, ru = catalog("en"), catalog("ru")
    out: list[str] = []
    used: set[str] = set()

    def params_match(key: str, given: set[str], line: int) -> None:
        if key in en and given != placeholders(en[key]):
            out.append(f"{where}:{line}: {key} takes {sorted(placeholders(en[key]))}, given {sorted(given)}")

    for node in ast.walk(ast.parse(source)):
        key = _literal(node)
        if key is not None:
            used.add(key)
            for lang, cat in (("en", en), ("ru", ru)):
                if key not in cat:
                    out.append(f"{where}:{node.lineno}: {key} is not in {lang}.yaml")  # type: ignore[attr-defined]
            if key in en and key in ru and placeholders(en[key]) != placeholders(ru[key]):
                out.append(f"{where}:{node.lineno}: {key}: en and ru have other placeholders")  # type: ignore[attr-defined]
        if isinstance(node, ast.Tuple):  # (field, line, "problem.x", {params}) in parse._index
            for a, b in zip(node.elts, node.elts[1:], strict=False):
                if (k := _literal(a)) and isinstance(b, ast.Dict):
                    params_match(k, {str(x.value) for x in b.keys if isinstance(x, ast.Constant)}, node.lineno)
        if not isinstance(node, ast.Call) or _name(node) not in KEYED:
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        splat = any(k.arg is None for k in node.keywords)
        if _name(node) == "ContentError":
            if "key" not in keywords:
                out.append(f"{where}:{node.lineno}: ContentError without a catalog key (key=...)")
                continue
            if _literal(keywords["key"]) is None and not splat:
                out.append(f"{where}:{node.lineno}: ContentError's key is not a problem.* literal nor passed on "
                           "with **params from a helper")
        key = _literal(keywords.get("key")) or next((k for a in node.args if (k := _literal(a))), None)
        if key is not None and not splat:
            params_match(key, set(keywords) - NOT_PARAMS, node.lineno)
    return out, used


def check_package() -> tuple[list[str], set[str]]:
    complaints: list[str] = []
    used: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        found, keys = check_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        complaints += found
        used |= keys
    return complaints, used


def test_every_content_error_in_topicgraph_has_a_key_in_both_catalogs_with_its_parameters() -> None:
    complaints, used = check_package()
    assert complaints == []
    assert len(used) >= 100  # the checker saw the keys (a checker that reads nothing passes everything)


def test_every_problem_key_of_the_catalogs_is_used_and_worded_alike() -> None:
    en, ru = catalog("en"), catalog("ru")
    block = {k for k in en if k.startswith("problem.")}
    assert block == {k for k in ru if k.startswith("problem.")}
    _, used = check_package()
    assert block - used == set(), "catalog keys nothing uses"
    assert [k for k in block if placeholders(en[k]) != placeholders(ru[k])] == []


def test_the_check_fails_on_a_missing_key_a_missing_parameter_and_a_bare_message() -> None:
    def complaints(source: str) -> list[str]:
        return check_source(source, "x.py")[0]

    assert complaints('ContentError("a.md", 1, "body", key="problem.note.empty")') == []
    assert complaints('ContentError("a.md", 1, "link", key="problem.link.missing", target="\'b\'")') == []
    (missing,) = [c for c in complaints('ContentError("a.md", 1, "f", key="problem.no.such_key")') if "en.yaml" in c]
    assert missing == "x.py:1: problem.no.such_key is not in en.yaml"
    assert complaints('ContentError("a.md", 1, "f", "a message in English")') == [
        "x.py:1: ContentError without a catalog key (key=...)"]
    assert complaints('ContentError("a.md", 1, "link", key="problem.link.missing")') == [
        "x.py:1: problem.link.missing takes ['target'], given []"]
    assert complaints('f.fail("slug", "problem.slug.mismatch", value="x")') == [
        "x.py:1: problem.slug.mismatch takes ['file', 'value'], given ['value']"]
    assert complaints('ContentError("a.md", 1, "f", key=reason)') == [
        "x.py:1: ContentError's key is not a problem.* literal nor passed on with **params from a helper"]
    assert complaints('ContentError("a.md", 1, "f", key=reason, **params)') == []
    assert complaints('refused.append(("x", 1, "problem.yaml.too_deep", {}))') == [
        "x.py:1: problem.yaml.too_deep takes ['max'], given []"]


def test_a_key_missing_from_the_russian_catalog_or_worded_with_other_placeholders_is_caught(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = catalog
    ru = {k: v for k, v in real("ru").items() if k != "problem.note.empty"}
    ru["problem.link.missing"] = "битая ссылка: главы {slug} нет"
    monkeypatch.setattr(sys.modules[__name__], "catalog", lambda lang: ru if lang == "ru" else real(lang))
    assert check_source('ContentError("a.md", 1, "body", key="problem.note.empty")', "x.py")[0] == [
        "x.py:1: problem.note.empty is not in ru.yaml"]
    assert check_source('ContentError("a.md", 1, "link", key="problem.link.missing", target="x")', "x.py")[0] == [
        "x.py:1: problem.link.missing: en and ru have other placeholders"]
