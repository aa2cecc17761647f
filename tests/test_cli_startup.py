"""`moderate` starts without scikit-learn: parsing a dump must not pay for the classifier."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_does_not_import_scikit_learn():
    code = "import sys, moderation.cli; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
