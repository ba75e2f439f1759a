#!/usr/bin/env bash
# Runs the real-client test suites (elasticsearch-py 9.x, opensearch-py) against `sift serve`.
# The server binary comes from SIFT_BIN (default .build/debug/sift, relative to the repository root).
# Usage: Tests/clients/run.sh [extra pytest arguments]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        echo "python3 -m venv failed; installing python3-venv"
        rm -rf "$venv"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq python3-venv
        python3 -m venv "$venv"
    fi
fi

"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"

cd "$root"
export PYTHONDONTWRITEBYTECODE=1
status=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider Tests/clients "$@" || status=$?
exit "$status"
