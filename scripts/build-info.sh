#!/usr/bin/env bash
# Writes the build's provenance (version, git commit, whether the tree had local changes) into the jar's
# resources, read by org.rnnfield.io.Provenance. Called by Maven at generate-resources: build-info.sh VERSION OUT
set -euo pipefail
version="$1"
out="$2"
mkdir -p "$(dirname "$out")"
commit=unknown
dirty=unknown
if git -C "$(dirname "$0")/.." rev-parse HEAD >/dev/null 2>&1; then
  commit=$(git -C "$(dirname "$0")/.." rev-parse HEAD)
  if [ -z "$(git -C "$(dirname "$0")/.." status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=false; else dirty=true; fi
fi
printf 'version=%s\ncommit=%s\ndirty=%s\n' "$version" "$commit" "$dirty" > "$out.tmp"
mv "$out.tmp" "$out"
