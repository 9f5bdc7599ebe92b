#!/usr/bin/env bash
# Runs the test suite: installs what the tests need (native OpenBLAS), then `mvn -B verify`.
# Extra arguments go to Maven, e.g. ./test.sh -Dtest=BackpropTest, or -DexcludedGroups=gpu to include slow tests.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
exec mvn -B verify "$@"
