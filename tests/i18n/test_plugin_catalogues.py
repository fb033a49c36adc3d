"""Plugins translate in the one `messages` domain, with their own catalogue merged after
core's (DESIGN 8). Merged catalogues share msgids, so a plugin translating a core msgid
differently would change core's pages (or another plugin's): this test refuses any such
collision, for the shipped plugins and the test plugins alike.

(Chosen over a domain per plugin: core and plugin code and templates stay identical, `_()`
and `{{ _() }}` everywhere, so code moves between them; Flask-Babel has no per-blueprint
domain for templates; and the one risk of sharing, a collision, is what this test catches.)
"""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "translations" / "id" / "LC_MESSAGES"


def _translations(path: Path) -> dict:
    with open(path, "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string}


def _plugin_catalogues() -> list[Path]:
    return sorted([*ROOT.glob("plugins/*/translations/id/LC_MESSAGES/messages.po"),
                   *ROOT.glob("tests/plugin_fixtures/**/translations/id/LC_MESSAGES/*.po")])


@pytest.mark.no_db
def test_no_plugin_msgid_collides_with_a_different_translation():
    seen = {}
    for name in ("messages", "wtforms", "admin"):
        for msgid, text in _translations(CORE / f"{name}.po").items():
            seen.setdefault(msgid, (text, f"core {name}.po"))
    catalogues = _plugin_catalogues()
    assert any("appraisal" in str(p) for p in catalogues)
    collisions = []
    for path in catalogues:
        where = path.relative_to(ROOT).as_posix()
        for msgid, text in _translations(path).items():
            other = seen.setdefault(msgid, (text, where))
            if other[0] != text:
                collisions.append(f"{msgid!r}: {where} says {text!r}, {other[1]} says "
                                  f"{other[0]!r}")
    assert not collisions, ("a plugin msgid is translated differently elsewhere; reword the "
                            "plugin's msgid or use the same text:\n  " + "\n  ".join(collisions))
