#!/usr/bin/env bash
# Installs what the tests need (Debian 12, as root) and runs every test: unit tests (Surefire) and
# integration tests against the real kernel in throw-away network namespaces (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec mvn -B -ntp -Dstyle.color=never verify "$@"
