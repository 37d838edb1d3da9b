"""A Markdown export (the case summary, a plan version) as a PDF, with fpdf2.

The PDF holds the same text as the Markdown file, laid out for print: the
headings as headings, the bullet lists, the tables as tables, the privacy
notice and the page number at the foot of every page. It is made from the
very Markdown Regie writes (summary.render, plan_markdown.render), so the two
can never say different things.

The built-in Helvetica font keeps Regie free of font files, but covers only
Latin-1: a character outside it is written as its nearest plain letter
(ş → s, — → -); the Markdown export keeps every character.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from regie_tui.base.i18n import _

_PLAIN = {"—": "-", "–": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "ı": "i",
          "ł": "l", "Ł": "L", "ø": "o", "đ": "d", "●": "", "▲": "", "◆": "", "○": "",
          "✓": "", "☐": "", "☑": "", "•": "-", "€": "EUR"}
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def plain(text: str) -> str:
    """``text`` in Latin-1, the font's characters (see the module's note)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 256:
            out.append(ch)
        elif ch in _PLAIN:
            out.append(_PLAIN[ch])
        else:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]


def _inline(text: str) -> str:
    # Without its symbol (a signal's ●) a line keeps one space, not two.
    return re.sub(r"(?<=\S) {2,}", " ", plain(text.replace("**", ""))).replace("-  ", "- ")


def render(markdown: str, title: str, made_on: dt.date, *, compress: bool = True) -> bytes:
    """The PDF of ``markdown`` (Regie's own Markdown: headings, lists, tables, quotes)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    notice = plain(_("Personal data: keep safe, share only with those who need it, "
                     "delete when no longer needed."))
    page_word = plain(_("page"))

    class _Doc(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "I", 7)
            self.set_text_color(90)
            self.cell(0, 5, f"{notice}   {page_word} {self.page_no()}", align="C")
            self.set_text_color(0)

    pdf = _Doc(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(plain(title))
    pdf.set_creator("Regie")
    pdf.set_creation_date(dt.datetime(made_on.year, made_on.month, made_on.day,
                                      tzinfo=dt.UTC))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    width = pdf.epw

    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not re.fullmatch(r"\|(-+\|)+", lines[i].strip()):
                    rows.append([_inline(c) for c in _cells(lines[i])])
                i += 1
            pdf.set_font("Helvetica", "", 8)
            with pdf.table(width=width, line_height=4.2, text_align="LEFT",
                           headings_style=FontFace(emphasis="BOLD"), padding=1) as table:
                for row in rows:
                    table.row(row)
            pdf.ln(2)
            continue
        pdf.set_x(pdf.l_margin)
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(width, 8, _inline(line[2:]), align="L")
            pdf.ln(1)
        elif line.startswith("## "):
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 6.5, _inline(line[3:]), align="L")
            pdf.ln(1)
        elif line.strip() == "---":
            pdf.ln(2)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
            pdf.ln(2)
        elif line.startswith("> "):
            pdf.set_font("Helvetica", "I", 10)
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(width - 6, 5, _inline(line[2:]), align="L")
        elif line.lstrip().startswith("- "):
            indent = 4 + (len(line) - len(line.lstrip()))
            pdf.set_font("Helvetica", "", 10)
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, 5, "- " + _inline(line.lstrip()[2:]), align="L")
        elif line.startswith("**") and line.endswith("**"):
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(width, 5, _inline(line), align="L")
        elif not line.strip():
            pdf.ln(2)
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, 5, _inline(line), align="L")
        i += 1
    return bytes(pdf.output())
