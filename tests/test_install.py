"""A built wheel, installed away from the checkout, finds and plays the shipped scenarios.

The wheel is built from the checkout and installed (without its
dependencies) into a fresh virtual environment; the dependencies are borrowed
from the environment running the tests through a path file, which adds their
folder but never runs the editable install's hooks, so `roleplay` itself can
only come from the wheel. Every command runs in an empty folder outside the
checkout, with no ROLEPLAY_* variable set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from roleplay.catalogue import FLAGSHIP, TUTORIAL

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh virtual environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("roleplay-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    home = base / "home"
    work = base / "elsewhere"
    work.mkdir()
    return {"wheel": wheel, "bin": env_dir / "bin", "site": site, "home": home, "work": work}


def run(installed: dict[str, Path], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEPLAY_")}
    env |= {"HOME": str(installed["home"]), "XDG_DATA_HOME": str(installed["home"] / ".local" / "share")}
    return subprocess.run([str(installed["bin"] / "roleplay"), *args], cwd=installed["work"], env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_scenarios_and_the_schema(installed: dict[str, Path]) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert f"roleplay/shipped/scenarios/{scenario.name}" in names
    assert "roleplay/shipped/schema/scenario.schema.json" in names


def test_the_installed_copy_plays_the_flagship_from_its_own_package_data(installed: dict[str, Path]) -> None:
    where = run(installed, "scenarios")
    assert where.returncode == 0, where.stderr
    assert "shipped with roleplay" in where.stdout
    assert str(installed["site"] / "roleplay" / "shipped" / "scenarios" / f"{FLAGSHIP}.yaml") in where.stdout
    assert str(ROOT) not in where.stdout
    schema = installed["site"] / "roleplay" / "shipped" / "schema" / "scenario.schema.json"
    assert f"JSON Schema: {schema}" in where.stdout and schema.is_file()
    played = run(installed, "simulate", FLAGSHIP, "--runs", "3", "--seed", "1", "--json")
    assert played.returncode == 0, played.stderr
    assert '"runs": 3' in played.stdout


def test_outside_a_checkout_saves_go_to_the_user_data_folder(installed: dict[str, Path]) -> None:
    played = run(installed, "play", TUTORIAL, "--as", "tenant", "--seed", "3", "--text", stdin="team accountant\n")
    assert played.returncode == 0, played.stderr
    saves = installed["home"] / ".local" / "share" / "roleplay" / "saves"
    assert (saves / f"{TUTORIAL}-tenant-3.json").is_file()
    assert not (installed["work"] / "saves").exists()
    kept = list((saves / "scenarios").glob(f"{TUTORIAL}-*.yaml"))
    assert len(kept) == 1
