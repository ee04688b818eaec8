from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    """Every test here (the demo too) stores the region's documents in its own directory."""
    root = tmp_path / "private"
    settings.IVH_PRIVATE_MEDIA_ROOT = root
    return root
