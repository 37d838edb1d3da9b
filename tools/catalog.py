"""Translation catalog tooling: compile the .mo, and list what is missing.

    python tools/catalog.py compile   # write regie.mo from regie.po
    python tools/catalog.py check     # exit 1 when a UI string lacks Dutch
    python tools/catalog.py dedupe    # drop later copies of an entry (after a merge)
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "regie_tui"
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "regie.po"
MO = PO.with_suffix(".mo")
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> dict[str, str]:
    """Every msgid marked in the package, with the first place it occurs."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        # A plural message is filed in the catalog under its singular msgid.
        ids = message[:1] if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def duplicate_msgids() -> list[str]:
    seen: set[str] = set()
    dupes = []
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith('msgid "') and line != 'msgid ""':
            if line in seen:
                dupes.append(line)
            seen.add(line)
    return dupes


def _block_msgid(block: str) -> str | None:
    """The msgid of one entry block (joined continuation lines), or None for comments."""
    lines = block.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("msgid "):
            parts = [line[len("msgid "):]]
            for more in lines[i + 1:]:
                if not more.startswith('"'):
                    break
                parts.append(more)
            return "".join(p.strip()[1:-1] for p in parts)
    return None


def dedupe() -> list[str]:
    """Keep the first entry of each msgid; report later copies that translate differently."""
    # A union merge can glue two entries together: start every entry on its own block.
    lines = PO.read_text(encoding="utf-8").splitlines()
    normal = []
    for line in lines:
        if line.startswith(("msgid ", "#")) and normal and normal[-1] != "" \
                and not normal[-1].startswith("#"):
            normal.append("")
        normal.append(line)
    blocks = "\n".join(normal).split("\n\n")
    kept, seen, notes = [], {}, []
    for block in blocks:
        msgid = _block_msgid(block)
        if msgid and msgid in seen:
            translation = block[block.find("msgstr"):]
            if translation != seen[msgid]:
                notes.append(f"kept first translation of {msgid!r}; dropped: {translation!r}")
            continue
        if msgid:
            seen[msgid] = block[block.find("msgstr"):]
        kept.append(block)
    PO.write_text("\n\n".join(kept).rstrip("\n") + "\n", encoding="utf-8")
    return notes


def catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="nl")


def compiled_bytes() -> bytes:
    cat = catalog()
    # The .po has no dates, so Babel would stamp "now" into the .mo header and
    # the compiled file would differ every minute: pin them.
    cat.creation_date = cat.revision_date = FIXED_DATE
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    return buf.getvalue()


def messages_of(mo_bytes: bytes) -> dict:
    """What a compiled catalog says (msgid -> msgstr), whatever Babel version laid out its bytes."""
    import gettext

    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    # The header entry (msgid "") carries Babel's version and dates: not content.
    return {k: v for k, v in translations._catalog.items() if k != ""}


def stale() -> bool:
    """The compiled catalog says something else than its source .po."""
    return not MO.exists() or messages_of(MO.read_bytes()) != messages_of(compiled_bytes())


def missing() -> list[str]:
    cat = catalog()
    problems = []
    for msgid, where in sorted(source_messages().items()):
        msg = cat.get(msgid)
        if msg is None or not msg.string or (isinstance(msg.string, tuple) and not all(msg.string)):
            problems.append(f"{where}: no Dutch for {msgid!r}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "dedupe":
        print("\n".join(dedupe()) or "no differing duplicates")
        MO.write_bytes(compiled_bytes())
        return 0
    if command == "compile":
        MO.write_bytes(compiled_bytes())
        return 0
    problems = missing() + [f"duplicate entry {d}" for d in duplicate_msgids()]
    if stale():
        problems.append("regie.mo is stale: run `make catalog`")
    print("\n".join(problems) or "catalog complete")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
