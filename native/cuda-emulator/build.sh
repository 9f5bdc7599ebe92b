#!/usr/bin/env bash
# Builds the CUDA driver emulator, OUT/libcuda.so.1, from kernels/*.cu and this folder (see README.md).
# Usage: native/cuda-emulator/build.sh OUT. Without g++ it builds nothing and says so; the emulated
# GPU tests are then skipped with that reason.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUT}
mkdir -p "$out"
if ! command -v g++ >/dev/null 2>&1; then
  echo "native/cuda-emulator/build.sh: g++ not found; the CUDA emulator is not built" >&2
  rm -f "$out/libcuda.so.1"
  exit 0
fi
gen="$out/generated"
mkdir -p "$gen"
stamp=$(cat "$root"/kernels/*.cu "$here"/*.h "$here"/*.cpp "$here"/driver-symbols.txt "$here"/build.sh | sha256sum | cut -d' ' -f1)
if [ -f "$out/libcuda.so.1" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
: > "$gen/kernels.inc"
: > "$gen/registry.inc"
for src in "$root"/kernels/*.cu; do
  echo "#include \"$src\"" >> "$gen/kernels.inc"
  grep -hoE '__global__ void (__launch_bounds__\([0-9, ]*\) )?[A-Za-z0-9_]+' "$src" | awk '{print "EMU_KERNEL(" $NF ")"}' >> "$gen/registry.inc"
done
flags=(-std=c++17 -O2 -fPIC -fno-fast-math -I"$here" -I"$gen")
g++ "${flags[@]}" -c "$here/driver.cpp" -o "$gen/driver.o"
g++ "${flags[@]}" -c "$here/fibers.cpp" -o "$gen/fibers.o"
# a stub for every driver symbol JCuda imports that the emulator does not define
defined=$(nm --defined-only "$gen/driver.o" | awk '{print $3}')
{
  echo '#include <cstdio>'
  echo 'static int unsupported(const char* name) { std::fprintf(stderr, "cuda-emulator: %s is not emulated\n", name); return 801; }'
  grep -v '^#' "$here/driver-symbols.txt" | while read -r sym; do
    if ! grep -qx "$sym" <<< "$defined"; then
      echo "extern \"C\" int $sym() { return unsupported(\"$sym\"); }"
    fi
  done
} > "$gen/stubs.cpp"
g++ "${flags[@]}" -c "$gen/stubs.cpp" -o "$gen/stubs.o"
g++ -shared -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1.tmp" "$gen/driver.o" "$gen/fibers.o" "$gen/stubs.o"
mv "$out/libcuda.so.1.tmp" "$out/libcuda.so.1"
echo "$stamp" > "$out/stamp"
echo "native/cuda-emulator/build.sh: built $out/libcuda.so.1" >&2
