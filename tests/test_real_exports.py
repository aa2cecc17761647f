"""The real-export checker of ../shared (files other projects' test suites hold, with the facts each must parse
to) passes on every fixture: run through the installed `moderate`, as the checker's README says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, require_shared

CHECKER = SHARED / "data" / "real-exports" / "check.py"
MODERATE = Path(sys.executable).parent / "moderate"


@pytest.mark.slow
def test_every_real_export_parses_to_its_facts():
    require_shared(CHECKER)
    result = subprocess.run([sys.executable, str(CHECKER), str(MODERATE)], capture_output=True, text=True, timeout=900)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 0 and not failures, "\n".join(failures) or result.stderr[-2000:]
