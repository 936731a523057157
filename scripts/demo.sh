#!/usr/bin/env bash
# The main job for a newcomer (fresh Debian 12, as root): installs what it needs, builds, runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -q -ntp -DskipTests -Dcheckstyle.skip install
echo "k6t-net built; the demo grows with the project (see README)."
