"""Screenshots of the HTML report on the bundled samples, at a phone's and a desktop's width.

Usage: python benchmarks/report_screenshots.py [--out docs] [--height 2400]

Writes docs/report-400px.png and docs/report-1280px.png: `moderate report sample_threads/ -o
report.html` (the default model) shown by headless Chromium. The report sits in an iframe exactly
that wide, because headless Chromium will not lay out a window narrower than 500 px; the screenshot
is cut to the same width. Needs the Debian package 'chromium'.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODERATE = str(Path(sys.executable).parent / "moderate")
WIDTHS = (400, 1280)
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe style="border:0;width:{width}px;height:{height}px" srcdoc="{page}"></iframe></body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        report = folder / "report.html"
        subprocess.run([MODERATE, "report", "sample_threads/", "-o", str(report)], cwd=ROOT, check=False)
        page = html.escape(report.read_text(encoding="utf-8"), quote=True)
        for width in WIDTHS:
            framed = folder / f"frame-{width}.html"
            framed.write_text(FRAME.format(width=width, height=args.height, page=page), encoding="utf-8")
            target = args.out / f"report-{width}px.png"
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--user-data-dir={folder / 'profile'}",
                    f"--window-size={width},{args.height}",
                    f"--screenshot={target}",
                    framed.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
