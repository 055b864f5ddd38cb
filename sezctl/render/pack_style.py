"""The meeting pack's stylesheet (``sezctl report --format html``): the screen rules the charts
need and the print rules for A4 landscape, kept as Python strings so the pack stays one file.

Decisions kept here:

* **A4 landscape, 12 mm margins**: the format of the HQ's printed materials; the charts are
  drawn 1000 units wide, about the printable width (273 mm), so print scales them very little.
* **Each section starts a page** except the first (``h2`` breaks before it, and a chart or table
  is never parted from its heading); a table may run over pages, and its header row repeats on
  each one (``thead`` is a table-header-group); a row is never split.
* **The date and the page number on every page**, in the ``@page`` margin boxes Chromium
  prints (``--no-pdf-header-footer`` leaves the browser's own header and footer off).  The words
  are the run's: :func:`print_css` is called with them already translated.
* **Nothing wider than the page**: charts are ``width:100%`` with a height from their viewBox,
  a word too long for its cell wraps; on paper and wide screens only when it cannot fit
  otherwise (a column is not squeezed until words break mid-word), on screens narrower than
  900 px anywhere, so neither a 760 px screen nor the printed page cuts anything off.
"""

from __future__ import annotations

SCREEN_CSS = """
svg.chart{display:block;width:100%;height:auto;max-width:1000px;margin:4px 0 12px}
svg.chart text{font-family:system-ui,sans-serif;font-size:12px}
td,th{overflow-wrap:break-word}
@media (max-width:900px){td,th{overflow-wrap:anywhere}}
"""


# Characters written as CSS hex escapes in a string: those that end the string, and those that
# could end the <style> element around it (a title such as "</style><script>").
_CSS_UNSAFE = set("\\\"'<>&")


def css_string(text: str) -> str:
    """``text`` (user text: a roadmap's title) as a CSS string literal that is safe inside an
    HTML ``<style>``: on one line, with quotes, backslashes and ``< > &`` as hex escapes."""
    folded = " ".join(text.split())
    escaped = "".join(
        f"\\{ord(char):x} " if char in _CSS_UNSAFE or ord(char) < 0x20 else char for char in folded
    )
    return f'"{escaped}"'


def print_css(header: str, page_word: str) -> str:
    """The print rules; ``header`` (the pack's title and date) heads each page and
    ``page_word`` ("page" in the run's language) goes before its number."""
    return f"""
@page{{size:A4 landscape;margin:14mm 12mm 14mm 12mm;
@top-left{{content:{css_string(header)};font:9pt system-ui,sans-serif;color:#555}}
@bottom-right{{content:{css_string(page_word)} " " counter(page) " / " counter(pages);
font:9pt system-ui,sans-serif;color:#555}}}}
@media print{{
body{{margin:0;font-size:10.5pt}}
h1{{font-size:18pt}}
h2{{break-before:page;page-break-before:always;break-after:avoid;page-break-after:avoid}}
h2:first-of-type{{break-before:auto;page-break-before:auto}}
svg.chart{{max-width:100%;max-height:160mm;break-inside:avoid;page-break-inside:avoid}}
table{{font-size:9.5pt}}
thead{{display:table-header-group}}
tr,td,th{{break-inside:avoid;page-break-inside:avoid}}
.big{{font-size:15pt}}
}}
"""
