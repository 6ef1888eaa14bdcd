"""The research notebooks run top to bottom and regenerate figures with the committed bytes."""

import json
import subprocess
import sys

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_notebooks_are_committed_without_outputs_and_open_with_their_question():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert all(not cell.get("outputs") for cell in nb["cells"] if cell["cell_type"] == "code"), path.name
        first = "".join(nb["cells"][0]["source"])
        assert nb["cells"][0]["cell_type"] == "markdown" and "**Question.**" in first, path.name
        assert "**Data.**" in first, path.name


def test_notebooks_execute_and_figures_match_the_manifest():
    # the notebooks write into figures/; notebooks/execute.py compares every file with figures/MANIFEST
    proc = subprocess.run(
        [sys.executable, str(ROOT / "notebooks" / "execute.py")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "figures match figures/MANIFEST" in proc.stdout
