"""Run a GitHub Actions workflow's own steps on this machine, in order, in the current folder.

Usage: python3 scripts/run_workflow.py WORKFLOW [--skip STEP-NAME]... [--set EXPRESSION=VALUE]...

Example: python3 scripts/run_workflow.py .github/workflows/pull-request.yml --skip "Run the tests"

Only the part of a workflow that is ours runs: every `run:` step, with `bash -e` as on GitHub,
with the workflow's, job's and step's `env:`. A `uses:` step (checkout, uploads, Pages) is
reported with what it would do on GitHub; an upload step checks that what it would upload exists.
The few `${{ ... }}` expressions the workflows use get local values (see DEFAULTS); give others
with --set, e.g. --set steps.pages.outputs.base_url=https://example.org/archive. Jobs run one after
another in file order, on this machine, not in the job's container. The exit code is that of the
first step that failed; 2 means the workflow or the command line could not be used.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

# Local stand-ins for what GitHub knows: the base URL gives the address `mkdocs serve` uses.
DEFAULTS = {
    "github.server_url": "https://github.com",
    "github.repository": "owner/repository",
    "steps.pages.outputs.base_url": "http://127.0.0.1:8000",
}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# The `if:` conditions a step may use here, as a function of "has an earlier step failed?".
CONDITIONS = {
    "success()": lambda failed: not failed,
    "failure()": lambda failed: failed,
    "always()": lambda failed: True,
    "!cancelled()": lambda failed: True,
    "cancelled()": lambda failed: False,
}
UPLOADS = {"actions/upload-artifact", "actions/upload-pages-artifact"}
SHELLS = {
    None: ["bash", "-e", "-c"],  # GitHub's default for `run:` where bash exists
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"],
    "sh": ["sh", "-e", "-c"],
}


class Unusable(Exception):
    """The workflow or the command line cannot be used: a message for the user, exit 2."""


def substitute(text: Any, values: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise Unusable(f"no local value for ${{{{ {m.group(1)} }}}}; give one with --set {m.group(1)}=VALUE")
        return values[m.group(1)]

    if isinstance(text, bool):  # YAML true is "true" to a step, as on GitHub
        return str(text).lower()
    return EXPRESSION.sub(value, str(text))


def should_run(step: dict[str, Any], failed: bool) -> bool:
    condition = str(step.get("if", "success()"))
    condition = EXPRESSION.sub(lambda m: m.group(1), condition).strip()
    terms = [t.strip() for t in condition.split("||")]
    if not all(t in CONDITIONS for t in terms):
        raise Unusable(f"cannot evaluate `if: {step['if']}` here; it knows {', '.join(CONDITIONS)} and ||")
    return any(CONDITIONS[t](failed) for t in terms)


def describe_action(step: dict[str, Any], values: dict[str, str]) -> tuple[str, Path | None]:
    """What a `uses:` step would do on GitHub, and the path it would upload, if any."""
    action = step["uses"]
    name = action.split("@")[0]
    given = {k: substitute(v, values) for k, v in (step.get("with") or {}).items()}
    upload = Path(given.get("path", "")) if name in UPLOADS else None
    what = {
        "actions/checkout": "would check out the repository; the current folder is used as it is",
        "actions/setup-python": f"would install Python {given.get('python-version', '')}; python3 from PATH is used",
        "actions/configure-pages": "would read the Pages settings; --set steps.pages.outputs.base_url=URL gives the address",
        "actions/upload-artifact": f"would upload {given.get('path')} as the artifact {given.get('name', 'artifact')!r}",
        "actions/upload-pages-artifact": f"would upload {given.get('path')} for GitHub Pages",
        "actions/deploy-pages": "would publish the uploaded site on GitHub Pages",
    }.get(name, "would run this action")
    return f"{action}: {what}", upload


def step_name(step: dict[str, Any]) -> str:
    return str(step.get("name") or step.get("uses") or str(step.get("run", "")).strip().split("\n")[0])


def run_job(
    job_id: str, job: dict[str, Any], workflow_env: dict[str, str], skip: set[str], values: dict[str, str]
) -> int:
    """Run a job's steps; the exit code of its first failed step, or 0."""
    if job.get("container"):
        print(f"note: job {job_id} runs in the container {job['container']} on GitHub; here, on this machine")
    job_env = workflow_env | {k: substitute(v, values) for k, v in (job.get("env") or {}).items()}
    first_failure = 0
    for number, step in enumerate(job.get("steps") or [], 1):
        name = step_name(step)
        print(f"::group::{job_id} / {number}. {name}", flush=True)
        code = 0
        if name in skip:
            print("skipped (--skip)")
        elif not should_run(step, bool(first_failure)):
            after = "after a failed step" if first_failure else "when every step so far passed"
            print(f"skipped: `if: {step.get('if', 'success()')}` is false {after}")
        elif "uses" in step:
            what, upload = describe_action(step, values)
            print(f"skipped {what}")
            if upload is not None and not upload.exists():
                print(f"error: {upload} does not exist, so there would be nothing to upload")
                code = 1
        else:
            if step.get("shell") not in SHELLS:
                raise Unusable(f"step {name!r}: shell {step['shell']!r} is not supported here")
            env = os.environ | job_env | {k: substitute(v, values) for k, v in (step.get("env") or {}).items()}
            script = substitute(step["run"], values)
            print(script.rstrip(), flush=True)
            cwd = step.get("working-directory", ".")
            code = subprocess.run([*SHELLS[step.get("shell")], script], env=env, cwd=cwd).returncode
        print("::endgroup::", flush=True)
        if code and not first_failure:
            print(f"{job_id} / {name}: failed with exit code {code}", file=sys.stderr)
            first_failure = code
    return first_failure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workflow", type=Path)
    parser.add_argument("--skip", action="append", default=[], metavar="STEP-NAME", help="skip the step so named")
    parser.add_argument(
        "--set", action="append", default=[], metavar="EXPRESSION=VALUE", help="value of ${{ EXPRESSION }}"
    )
    args = parser.parse_args(argv)
    try:
        values = dict(DEFAULTS)
        for item in args.set:
            key, sep, value = item.partition("=")
            if not sep:
                raise Unusable(f"--set {item}: write EXPRESSION=VALUE")
            values[key.strip()] = value
        try:  # (PyYAML reads the key `on:` as True; only `env:` and `jobs:` are used here)
            workflow = yaml.safe_load(args.workflow.read_text(encoding="utf-8"))
        except OSError as e:
            raise Unusable(f"cannot read the workflow {args.workflow}: {e.strerror}") from None
        except yaml.YAMLError as e:
            raise Unusable(f"{args.workflow} is not valid YAML: {e}") from None
        if not isinstance(workflow, dict) or not isinstance(workflow.get("jobs"), dict):
            raise Unusable(f"{args.workflow} has no jobs")
        names = {step_name(s) for job in workflow["jobs"].values() for s in job.get("steps") or []}
        if unknown := set(args.skip) - names:
            raise Unusable(f"--skip: no step named {', '.join(sorted(unknown))} in {args.workflow}")
        # Every step on GitHub sees CI=true.
        workflow_env = {"CI": "true"} | {k: substitute(v, values) for k, v in (workflow.get("env") or {}).items()}
        for job_id, job in workflow["jobs"].items():
            if code := run_job(job_id, job, workflow_env, set(args.skip), values):
                return code
    except Unusable as e:
        print(f"run_workflow: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
