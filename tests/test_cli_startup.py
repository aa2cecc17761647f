"""`moderate` starts without scikit-learn: parsing a dump must not pay for the classifier."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_importing_the_cli_does_not_import_scikit_learn():
    code = "import sys, moderation.cli; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


ROOT = Path(__file__).resolve().parent.parent
_PAGE_ONLY_LIBRARIES = ("dateutil.parser", "lxml.html", "dateparser", "sklearn")


def test_parsing_json_and_xml_dumps_does_not_import_the_page_readers_libraries():
    """dateutil, lxml.html and dateparser read saved pages' trees and dates; exports never need them."""
    code = (
        "import sys\n"
        "from moderation.cli import main\n"
        "sys.argv = ['moderate', 'parse', 'tests/cases/json/duplicate_ids.json',"
        " 'tests/cases/wxr/duplicates_and_cycle.xml', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', [name for name in {_PAGE_ONLY_LIBRARIES!r} if name in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.count('"comments"') == 2  # both dumps were parsed
    assert "LOADED []" in result.stderr


def test_the_package_and_its_examples_do_not_import_the_parsers():
    """`moderate score` reads in a forked child: the process that scores imports no parser, yet the
    package's parsing names still work when asked for."""
    code = (
        "import sys, moderation, moderation.datasets, moderation.datasets.examples\n"
        "print('moderation.parsing' in sys.modules, 'moderation.datasets.loading' in sys.modules)\n"
        "print(moderation.parse_path.__module__, moderation.datasets.load_many.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["False False", "moderation.parsing moderation.datasets.loading"]
