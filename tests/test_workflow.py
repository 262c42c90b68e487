"""The shipped CI: .github/workflows/qanun.yml (a sources repository's checks and publishing),
.github/workflows/tests.yml (qanun's own tests) and .pre-commit-hooks.yaml.

The workflow's own `check` and `build` steps are run here, command for command, on a copy of the
repository with one more amending act: the check passes, and the built site shows the new version. Then
a mistake in that act: the check step fails and annotates the file and line.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from helpers import copy_project

WORKFLOW = ROOT / ".github" / "workflows" / "qanun.yml"
CRITERIA = "vn-kollegiya-2019-191705000007900"
SENTENCE = "Bu cümlə iş axınının sınağı üçün əlavə edilmişdir."
AMENDING = f"""\
# yaml-language-server: $schema=../schemas/act.schema.json
kind: act
id: sinaq-2021-1
type: qərar
cited_as: Azərbaycan Respublikası İqtisadiyyat Nazirliyinin Kollegiyasının Qərarı
number: "1"
adopted: 2021-01-10
in_force: 2021-01-15
changes:
  - target: {{act: {CRITERIA}, annex: meyarlar, provision: "2.1"}}
    add_sentence: "{SENTENCE}"
"""


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict:
    return _load(WORKFLOW)


def _steps(job: dict) -> dict[str, dict]:
    return {s["id"]: s for s in job["steps"] if "id" in s}


def _uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]


def test_triggers_pull_requests_main_and_a_daily_schedule(workflow):
    on = workflow["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")  # every day


def test_pull_requests_check_with_annotations_and_build(workflow):
    job = workflow["jobs"]["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    steps = _steps(job)
    assert steps["check"]["run"] == "qanun check --format github"
    assert steps["build"]["run"].startswith("qanun build")


def test_publishing_goes_to_pages_or_to_the_agencys_server(workflow):
    pages, server = workflow["jobs"]["pages"], workflow["jobs"]["server"]
    assert "actions/upload-pages-artifact" in _uses(pages) and "actions/deploy-pages" in _uses(pages)
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "vars.QANUN_DEPLOY != 'server'" in pages["if"] and "vars.QANUN_DEPLOY == 'server'" in server["if"]
    upload = next(s for s in pages["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "build/site"  # only the built public site leaves the repository
    rsync = next(s for s in server["steps"] if "rsync" in s.get("run", ""))
    assert "build/site/" in rsync["run"] and "StrictHostKeyChecking=yes" in rsync["run"]
    assert "secrets.QANUN_SSH_KEY" in rsync["env"]["SSH_KEY"]
    assert "--base-url" in _steps(server)["build"]["run"] and "QANUN_SITE_URL" in _steps(server)["build"]["env"]["QANUN_BASE_URL"]


def test_builds_are_cached_on_the_sources_and_the_day(workflow):
    for name in ("pages", "server"):
        job = workflow["jobs"][name]
        cache = _steps(job)["cache"]
        assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == "build/site"
        key = cache["with"]["key"]
        assert "steps.day.outputs.day" in key and "hashFiles('acts/**', 'meetings/**'" in key
        for step in ("check", "build"):
            assert _steps(job)[step]["if"] == "steps.cache.outputs.cache-hit != 'true'"


def test_every_build_starts_from_the_newest_render_cache(workflow):
    """build/cache (rendered acts, DOCX/PDF) survives between runs, so one new amending act rebuilds quickly."""
    for name in ("check", "pages", "server"):
        job = workflow["jobs"][name]
        steps = _steps(job)
        renders = steps["renders"]
        assert renders["uses"].startswith("actions/cache@") and renders["with"]["path"] == "build/cache"
        assert "github.run_id" in renders["with"]["key"]  # a new entry each run …
        assert renders["with"]["key"].startswith(renders["with"]["restore-keys"])  # … restored by prefix
        order = [s.get("id") for s in job["steps"]]
        assert order.index("renders") < order.index("build")


def test_tests_run_on_linux_and_windows():
    tests = _load(ROOT / ".github" / "workflows" / "tests.yml")
    runners = {job["runs-on"] for job in tests["jobs"].values()}
    assert runners == {"ubuntu-latest", "windows-latest"}
    assert any(s.get("run") == ".ci/run" for s in tests["jobs"]["linux"]["steps"])


def test_pre_commit_hook():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "qanun-check" and hook["entry"] == "qanun check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("acts/nk-2024-21.yaml") and pattern.search("meetings/2025/2025-02-14.yaml")
    assert not pattern.search("README.md") and not pattern.search("site/index.md")


# --- the steps themselves ---------------------------------------------------------------------

def _run_step(step: dict, cwd: Path, **values: str) -> subprocess.CompletedProcess:
    """A `run:` step as the runner runs it (bash); `${{ … }}` expressions in its env are left empty unless
    `values` gives the variable."""
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    env.update({k: re.sub(r"\$\{\{.*?\}\}", "", str(v)) for k, v in step.get("env", {}).items()})
    env.update(values)
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


@pytest.fixture()
def sources(tmp_path) -> Path:
    repo = copy_project(tmp_path / "repo", "acts", "meetings", "site", "schemas", "mkdocs.yml")
    (repo / "acts" / "sinaq-2021-1.yaml").write_text(AMENDING, encoding="utf-8")
    return repo


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None or os.name == "nt", reason="the workflow's steps run in bash on Linux")
@pytest.mark.parametrize("job, base_url", [("check", ""), ("server", "https://qanun.example.az/")])
def test_the_workflows_steps_publish_a_new_amendment(workflow, sources, job, base_url):
    steps = _steps(workflow["jobs"][job])
    check = _run_step(steps["check"], sources)
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    build = _run_step(steps["build"], sources, **({"QANUN_BASE_URL": base_url} if base_url else {}))
    assert build.returncode == 0, build.stderr
    site = sources / "build" / "site"
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert any(SENTENCE in page for page in pages), "the amended text is not on the site"
    assert any("15.01.2021" in page for page in pages), "the new version's date is not on the site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (base_url in sitemap) if base_url else ("qanun.example.az" not in sitemap)


@pytest.mark.skipif(shutil.which("bash") is None or os.name == "nt", reason="the workflow's steps run in bash on Linux")
def test_a_mistake_in_a_pull_request_is_annotated_on_its_line(workflow, sources):
    path = sources / "acts" / "sinaq-2021-1.yaml"
    path.write_text(AMENDING.replace('provision: "2.1"', "provision: 2.10"), encoding="utf-8")
    check = _run_step(_steps(workflow["jobs"]["check"])["check"], sources)
    assert check.returncode == 1
    line = next(n for n, text in enumerate(AMENDING.splitlines(), 1) if "provision:" in text)
    assert check.stdout.startswith(f"::error file=acts/sinaq-2021-1.yaml,line={line},")
