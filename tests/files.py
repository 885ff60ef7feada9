"""Writing a test's workspace files in one call: a dict of file name to text reads as the workspace it makes."""

from __future__ import annotations

from pathlib import Path


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Each ``files`` entry written under ``root`` as UTF-8 (its folders made); ``root`` returned."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
