"""`moderate` starts without scikit-learn: parsing a dump must not pay for the classifier."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_does_not_import_scikit_learn():
    code = "import sys, moderation.cli; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


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
