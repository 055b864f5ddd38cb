"""The meeting pack on paper and on narrow screens: `report --format html` of the bundled
roadmaps (with a weekly git history) printed to PDF by headless Chromium, the pages rasterised
by poppler's `pdftoppm` and checked (A4 landscape, a page count within bounds, nothing cut at
the right edge), and the page laid out at 760 and 1280 px wide with no horizontal overflow and
no chart text outside its chart.

The pages are read as PPM (``pdftoppm`` without ``-png``): the same raster, which plain Python
reads without an image library.  The overflow check injects a measuring script into a COPY of
the page (the pack itself has no script and forbids one by its Content-Security-Policy)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BundledHistory, pinned_git_env

TODAY = "2026-12-03"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# At 50 dpi an A4 landscape page is 585 x 414 pixels; the right margin is 12 mm (24 pixels), of
# which the outer 16 pixels must stay blank on every page if nothing runs past the page.
RIGHT_STRIP = 16


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("Chromium is not installed: apt-get install -y chromium (see .ci/run)")


@pytest.fixture(scope="module")
def weekly_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled roadmaps in git with three weekly meetings: approval, a moved deadline
    with its reason and a completion, so every chart has lines to draw."""
    repo = BundledHistory(tmp_path_factory.mktemp("print") / "repo")
    commit, sezctl, root = repo.commit, repo.sezctl, repo.root
    commit("2026-11-12", "Roadmap approved")
    sezctl("reschedule", "design-acceleration", "--to", "2027-02-20",
           "--reason", "Мердігер кешікті", "--today", "2026-11-19")  # fmt: skip
    commit("2026-11-19", "Weekly update")
    sezctl("done", "design-networks", "--on", "2026-11-24", "--today", "2026-11-26")
    commit("2026-11-26", "Weekly update")
    return root


def _pack(root: Path, language: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "report", "--today", TODAY, "--format", "html",
         "--lang", language],
        cwd=root, capture_output=True, text=True, encoding="utf-8", check=False,
        env={**os.environ, **pinned_git_env(root.parent)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [_browser(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a binary PPM (P6) as pdftoppm writes it."""
    data = path.read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header is not None, data[:20]
    width, height = int(header[1]), int(header[2])
    return width, height, data[header.end() :]


def inked_columns(width: int, height: int, pixels: bytes, columns: int) -> list[tuple[int, int]]:
    """(x, y) of the non-white pixels in the rightmost ``columns`` columns."""
    inked = []
    for y in range(height):
        row = pixels[3 * width * y : 3 * width * (y + 1)]
        for x in range(width - columns, width):
            if min(row[3 * x : 3 * x + 3]) < 235:
                inked.append((x, y))
    return inked


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_printed_pack_is_a4_landscape_and_nothing_is_cut(
    weekly_repo: Path, tmp_path: Path, language: str
) -> None:
    """Printed by Chromium: every page A4 landscape, one page or more per section and not many
    more, the date and page number on each page, and the outer right margin blank on every page
    (content wider than the page would run into it)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: apt-get install -y poppler-utils (see .ci/run)")
    page = tmp_path / "pack.html"
    html = _pack(weekly_repo, language)
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "pack.pdf"
    printed = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert printed.returncode == 0 and pdf.exists(), printed.stderr[-2000:]
    subprocess.run(["pdftoppm", "-r", "50", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.ppm"))
    sections = html.count("<h2")
    assert sections <= len(pages) <= sections + 8, (sections, len(pages))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[: len(pages)]
    day = "03.12.2026"
    for number, (image, words) in enumerate(zip(pages, text, strict=True), start=1):
        width, height, pixels = read_ppm(image)
        assert (width, height) == (585, 414), image.name  # A4 landscape at 50 dpi
        assert inked_columns(width, height, pixels, RIGHT_STRIP) == [], image.name
        assert day in words, (number, words[:300])
        assert re.search(rf"\b{number} / {len(pages)}\b", words), (number, words[-300:])
    ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / f"report-{language}.pdf")


MEASURE = """<script>
addEventListener('load', () => {
  const root = document.documentElement, limit = root.clientWidth + 0.5;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('svg') && e.getBoundingClientRect().right > limit)
    .map(e => e.tagName + ':' + (e.textContent || '').slice(0, 40));
  const outside = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
          || r.bottom > box.bottom + 0.5) outside.push(t.textContent);
    }
  }
  const result = {scroll: root.scrollWidth, client: root.clientWidth, wide, outside,
                  charts: document.querySelectorAll('svg.chart').length};
  document.body.setAttribute('data-measured', JSON.stringify(result));
});
</script>"""


# The printable width of an A4 landscape page with 12 mm margins, in CSS pixels (96 per inch).
PRINTED_WIDTH = round((297 - 2 * 12) / 25.4 * 96)


@pytest.mark.parametrize(
    ("width", "media"), [(760, "screen"), (1280, "screen"), (PRINTED_WIDTH, "print")]
)
def test_the_pack_has_no_horizontal_overflow(
    weekly_repo: Path, tmp_path: Path, width: int, media: str
) -> None:
    """At 760 and 1280 px wide the Kazakh pack (the longest words) is no wider than the window,
    no element runs past its right edge, and every chart's text lies inside its chart; and the
    same with the print rules at the printed page's width (Chromium's print would shrink or
    clip what is wider, which the PDF alone does not show)."""
    html = _pack(weekly_repo, "kk")
    copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if media == "print":
        assert "@media print{" in copy
        copy = copy.replace("@media print{", "@media all{")
    copy = copy.replace("</body>", MEASURE + "</body>")
    page = tmp_path / "measured.html"
    page.write_text(copy, encoding="utf-8")
    dom = _chromium(
        tmp_path, f"--window-size={width},2000", "--virtual-time-budget=5000", "--dump-dom",
        page.as_uri(),
    )  # fmt: skip
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r"data-measured=\"([^\"]*)\"", dom.stdout)
    assert found is not None, dom.stdout[-1000:]
    measured = json.loads(found[1].replace("&quot;", '"').replace("&amp;", "&"))
    assert width - 20 <= measured["client"] <= width  # a vertical scroll bar takes 15 px
    assert measured["scroll"] <= measured["client"], measured
    assert measured["wide"] == [], measured["wide"]
    assert measured["outside"] == [], measured["outside"]
    assert measured["charts"] == 6  # the timeline, four roadmaps' milestones, the trend
