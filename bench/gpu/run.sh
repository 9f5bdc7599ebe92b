#!/usr/bin/env bash
# On a GPU machine with no Java and no network (after bench/gpu/pack.sh here): runs the gpu-tagged
# equivalence tests, the CUDA benchmarks (float32 and float64), and, in the same run on the same GPU,
# the PyTorch peer (same forward+BPTT step, and a cuBLAS SGEMM of the same shapes via torch.matmul).
# Results go to $OUT (or bench/results/gpu): gpu.csv, junit/ and junit.log, bench-cuda-*.json,
# bench-cuda-large.json (N = 32768 trains: forward + BPTT + update), bench-cuda-widest.json (N = 65536), peer-gpu.json.
# RNNFIELD_GPU_SIZES / RNNFIELD_GPU_LARGE_N / RNNFIELD_GPU_WIDEST_N shrink the run for a dry run on the CUDA emulator
# (LD_LIBRARY_PATH=target/cuda-emulator, see native/cuda-emulator/README.md).
set -uo pipefail
cd "$(dirname "$0")/../.."
dist=bench/gpu/dist
out=${OUT:-bench/results/gpu}
mkdir -p "$out"
java="$dist/jre/bin/java"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/gpu.csv" 2>&1
cat "$out/gpu.csv"
# cliTrainsOnCuda draws PNGs, which need java.desktop and fonts: not in the 60 MiB runtime (the CLI runs
# on the GPU below, through `bench`); CI runs it on the CUDA emulator
skip_awt='.*cliTrainsOnCuda'
# the device lends 600 s per command: every step has its own limit (sum 500 s), the most important first
gpu_tests() {  # $1: report folder; extra environment applies
  timeout 120 "$java" -jar "$dist"/junit-platform-console-standalone-*.jar execute -cp "$dist/rnnfield.jar:$dist/test-classes" \
      --select-class org.rnnfield.backend.cuda.CudaEquivalenceTest --select-class org.rnnfield.backend.cuda.CudaBackendContractTest \
      --include-tag gpu --exclude-methodname "$skip_awt" \
      --reports-dir "$out/$1" --details summary > "$out/$1.log" 2>&1
  tail -12 "$out/$1.log"
}
gpu_tests junit
sizes=${RNNFIELD_GPU_SIZES:-1024,4096,16384}
large=${RNNFIELD_GPU_LARGE_N:-32768}
widest=${RNNFIELD_GPU_WIDEST_N:-65536}
bench() {  # $1: limit in s, $2: output name, then bench flags
  local limit=$1 name=$2
  shift 2
  timeout "$limit" "$java" -jar "$dist/rnnfield.jar" bench --backend cuda --T 20 --json "$out/$name.json" "$@"
}
bench 130 bench-cuda-float32 --precision float32 --N "$sizes" --B 1,16,256 --repeats 5
timeout 100 python3 bench/peers/peer_step.py --device cuda --N "$sizes" --B 1,16,256 --T 20 \
    --ours "$out/bench-cuda-float32.json" --json "$out/peer-gpu.json"
bench 90 bench-cuda-large --precision float32 --N "$large" --B 1,16 --repeats 3 --warmup 1
bench 60 bench-cuda-float64 --precision float64 --N "$sizes" --B 1,16,256 --repeats 3
# past the CPU's array limit (N <= 46340): J drawn on the device, 16 GiB of J and 16 of dJ in float32
bench 50 bench-cuda-widest --precision float32 --N "$widest" --B 16 --repeats 2 --warmup 1
# our GEMM kernels once more where cuBLAS served the tests above (it needs CUDA 12's libcublas.so.12)
if ldconfig -p 2>/dev/null | grep -q 'libcublas.so.12'; then
  RNNFIELD_CUBLAS=0 gpu_tests junit-own-gemm
fi
