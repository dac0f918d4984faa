"""The set-up scripts a fresh machine runs before anything else (README, "Two commands"), with the
system's commands replaced by recorders: what is missing is said plainly, apt waits for its lock,
and servers installed for the tests alone are neither started nor left enabled at boot."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import korgoo

SCRIPTS = Path(korgoo.__file__).resolve().parent.parent / "scripts"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/bash\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


def _machine(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A bin folder of recorders in front of the real PATH; each call is appended to calls.log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    policy = tmp_path / "policy-rc.d"
    _stub(folder, "id", "echo 0")  # as root: no sudo needed
    _stub(folder, "dpkg", "exit 1")  # no library is installed
    _stub(folder, "systemctl", f'echo "systemctl $*" >> {log}')
    _stub(folder, "update-rc.d", f'echo "update-rc.d $*" >> {log}')
    _stub(
        folder,
        "apt-get",
        f'echo "apt-get $* policy:$([ -x {policy} ] && {policy}; echo $?)" >> {log}',
    )
    env = {**os.environ, "PATH": f"{folder}:/usr/bin:/bin", "KORGOO_POLICY_RC_D": str(policy)}
    return log, env


def test_test_only_servers_are_installed_without_starting_and_disabled_at_boot(tmp_path: Path) -> None:
    log, env = _machine(tmp_path)
    done = subprocess.run(
        [
            str(SCRIPTS / "apt_ensure.sh"),
            "--test-only",
            "no-such-initdb-xyz:postgresql",
            "no-such-nginx-xyz:nginx-light",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    install = next(call for call in calls if " install " in call)
    assert "-o DPkg::Lock::Timeout=600" in install  # waits for unattended upgrades
    assert "postgresql nginx-light" in install
    assert install.endswith("policy:101")  # services may not start while installing
    assert not (tmp_path / "policy-rc.d").exists()  # and the rule is gone afterwards
    disabled = {call for call in calls if call.startswith(("update-rc.d", "systemctl"))}
    assert disabled == {"update-rc.d postgresql disable", "update-rc.d nginx disable"}
    assert "not running and not started at boot: postgresql nginx" in done.stdout
    assert "apt-get remove postgresql nginx-light" in done.stdout


def test_packages_for_the_application_install_as_usual(tmp_path: Path) -> None:
    log, env = _machine(tmp_path)
    done = subprocess.run(
        [str(SCRIPTS / "apt_ensure.sh"), "dpkg:libpango-1.0-0"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    install = next(call for call in log.read_text().splitlines() if " install " in call)
    assert install.endswith("policy:1")  # no rule written: services start as Debian starts them
    assert "update-rc.d" not in log.read_text()


def test_nothing_is_installed_when_nothing_is_missing(tmp_path: Path) -> None:
    log, env = _machine(tmp_path)
    done = subprocess.run([str(SCRIPTS / "apt_ensure.sh"), "bash:bash"], env=env, capture_output=True)
    assert done.returncode == 0 and not log.exists()


def test_an_old_python_is_named_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    _stub(folder, "python3.9", 'if [[ "$*" == *version_info*"<"* ]]; then exit 1; fi; echo 3.9')
    done = subprocess.run(
        [str(SCRIPTS / "check_prereqs.sh"), "python3.9"],
        env={**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Python 3.11 or newer is needed; 'python3.9' is 3.9" in done.stderr
    assert "make PYTHON=python3.11" in done.stderr


def test_a_missing_python_is_named_and_a_good_one_passes_silently(tmp_path: Path) -> None:
    missing = subprocess.run(
        [str(SCRIPTS / "check_prereqs.sh"), "no-such-python"], capture_output=True, text=True
    )
    assert missing.returncode == 1 and "'no-such-python' was not found" in missing.stderr
    good = subprocess.run([str(SCRIPTS / "check_prereqs.sh"), "python3"], capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout == good.stderr == ""
