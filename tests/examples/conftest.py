"""The examples of docs/examples/ import their helper as ``localhttp`` (their folder is on
sys.path when they run as scripts); importing them from the tests needs the same."""

import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))
