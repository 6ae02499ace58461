"""The wheel and the sdist ship what the README and the licence promise."""

from __future__ import annotations

import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    hatch_wheel = pytest.importorskip("hatchling.builders.wheel", reason="hatchling is missing")
    hatch_sdist = pytest.importorskip("hatchling.builders.sdist", reason="hatchling is missing")
    out = tmp_path_factory.mktemp("dist")
    wheel = next(iter(hatch_wheel.WheelBuilder(str(REPO)).build(directory=str(out))))
    sdist = next(iter(hatch_sdist.SdistBuilder(str(REPO)).build(directory=str(out))))
    return {"wheel": Path(wheel), "sdist": Path(sdist)}


def test_the_wheel_ships_the_licence_banks_and_metadata(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = wheel.namelist()
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(wheel.read(metadata_name).decode())
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "preptui/bundled_banks/bank.schema.json" in names
    assert "preptui/bundled_banks/software-engineer.toml" in names
    assert metadata["License-Expression"] == "MIT"
    classifiers = metadata.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert any(c.startswith("Development Status") for c in classifiers)
    assert any(c.startswith("Operating System") for c in classifiers)
    extras = metadata.get_all("Provides-Extra") or []
    assert "serve" in extras
    requires = metadata.get_all("Requires-Dist") or []
    assert any(r.startswith("textual==") for r in requires)  # the pin policy: see pyproject
    assert any(r.startswith("shtab") for r in requires)
    assert not any(r.startswith(("pytest", "ruff", "mypy")) and "extra" not in r for r in requires)


def test_the_sdist_has_the_licence_and_every_readme_image(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert "LICENSE" in names and "README.md" in names
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = [
        line.split("](", 1)[1].split(")", 1)[0]
        for line in readme.replace("| ", "\n").splitlines()
        if "![" in line and "](" in line
    ]
    assert images, "the README shows screenshots"
    for image in images:
        assert image in names, f"{image} is shown in the README but not in the sdist"
