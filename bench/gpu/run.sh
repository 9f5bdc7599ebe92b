#!/usr/bin/env bash
# On a GPU machine with no Java and no network (after bench/gpu/pack.sh here): runs the gpu-tagged
# equivalence tests, the CUDA benchmarks (float32 and float64), and, in the same run on the same GPU,
# the PyTorch peer (same forward+BPTT step, and a cuBLAS SGEMM of the same shapes via torch.matmul).
# Results go to $OUT (or bench/results/gpu): gpu.csv, junit/, gpu-tests.log, bench-cuda-*.json,
# bench-cuda-large.json (N = 32768 trains: forward + BPTT + update), peer-gpu.json.
# RNNFIELD_GPU_SIZES / RNNFIELD_GPU_LARGE_N shrink the run for a dry run on the CUDA emulator
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
"$java" -jar "$dist"/junit-platform-console-standalone-*.jar execute -cp "$dist/rnnfield.jar:$dist/test-classes" \
    --select-class org.rnnfield.backend.cuda.CudaEquivalenceTest --include-tag gpu --exclude-methodname "$skip_awt" \
    --reports-dir "$out/junit" --details summary > "$out/gpu-tests.log" 2>&1
tail -20 "$out/gpu-tests.log"
# the same tests with our GEMM kernel forced (cuBLAS, when it loads, served the run above; see describe())
RNNFIELD_CUBLAS=0 "$java" -jar "$dist"/junit-platform-console-standalone-*.jar execute -cp "$dist/rnnfield.jar:$dist/test-classes" \
    --select-class org.rnnfield.backend.cuda.CudaEquivalenceTest --include-tag gpu --exclude-methodname "$skip_awt" \
    --reports-dir "$out/junit-own-gemm" --details summary > "$out/gpu-tests-own-gemm.log" 2>&1
tail -5 "$out/gpu-tests-own-gemm.log"
sizes=${RNNFIELD_GPU_SIZES:-1024,4096,16384}
large=${RNNFIELD_GPU_LARGE_N:-32768}
for p in float32 float64; do
  timeout 240 "$java" -jar "$dist/rnnfield.jar" bench --backend cuda --precision "$p" --N "$sizes" \
      --B 1,16,256 --T 20 --repeats 5 --json "$out/bench-cuda-$p.json"
done
timeout 200 "$java" -jar "$dist/rnnfield.jar" bench --backend cuda --precision float32 --N "$large" \
    --B 1,16 --T 20 --repeats 3 --warmup 1 --json "$out/bench-cuda-large.json"
timeout 240 python3 bench/peers/peer_step.py --device cuda --N "$sizes" --B 1,16,256 --T 20 \
    --ours "$out/bench-cuda-float32.json" --json "$out/peer-gpu.json"
