#!/usr/bin/env bash
# Compiles kernels/*.cu to PTX for compute_80 and compute_90 into src/main/resources/org/rnnfield/ptx/.
# nvcc 13 writes PTX ISA 9.0, which only R580+ (CUDA 13) drivers load; our kernels use no newer
# features, so the .version line is lowered to 7.8 (CUDA 11.8+ drivers) when ptxas accepts the result
# for the matching sm_XX; otherwise the file keeps nvcc's version and says so in its header.
# Each PTX starts with the SHA-256 of its source: unchanged sources are skipped, and PtxUpToDateTest
# fails when a committed PTX is stale. Without nvcc the script does nothing (the committed PTX is used).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvcc >/dev/null 2>&1; then
  echo "native/build-ptx.sh: nvcc not found; using the committed PTX" >&2
  exit 0
fi
out=src/main/resources/org/rnnfield/ptx
mkdir -p "$out"
target_isa=7.8
for src in kernels/*.cu; do
  name=$(basename "$src" .cu)
  hash=$(sha256sum "$src" | cut -d' ' -f1)
  for arch in 80 90; do
    dst="$out/$name.sm_$arch.ptx"
    if [ -f "$dst" ] && head -1 "$dst" | grep -q "sha256 $hash"; then
      continue
    fi
    tmp=$(mktemp --suffix=.ptx)
    nvcc -ptx -arch=compute_$arch -o "$tmp" "$src"
    isa=$(grep -m1 '^\.version' "$tmp" | awk '{print $2}')
    lowered=$(mktemp --suffix=.ptx)
    sed "s/^\.version .*/.version $target_isa/" "$tmp" > "$lowered"
    if ptxas -arch=sm_$arch -o /dev/null "$lowered" 2>/dev/null; then
      body="$lowered"; note="PTX ISA lowered from $isa to $target_isa (checked with ptxas -arch=sm_$arch)"
    else
      body="$tmp"; note="PTX ISA $isa (ptxas rejected $target_isa)"
    fi
    { echo "// rnnfield: kernels/$name.cu sha256 $hash"
      echo "// $(nvcc --version | tail -1); $note"
      cat "$body"; } > "$dst"
    rm -f "$tmp" "$lowered"
    echo "native/build-ptx.sh: $dst ($note)" >&2
  done
done
