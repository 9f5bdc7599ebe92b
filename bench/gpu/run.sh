#!/usr/bin/env bash
# On a GPU machine with no Java and no network (after bench/gpu/pack.sh here): runs the gpu-tagged
# equivalence tests, the CUDA benchmarks (float32 and float64), and, in the same run on the same GPU,
# the PyTorch peer (same forward+BPTT step, and a cuBLAS SGEMM of the same shapes via torch.matmul).
# Results go to $OUT (or bench/results/gpu): gpu.csv, junit/, gpu-tests.log, bench-cuda-*.json, peer-gpu.json.
set -uo pipefail
cd "$(dirname "$0")/../.."
dist=bench/gpu/dist
out=${OUT:-bench/results/gpu}
mkdir -p "$out"
java="$dist/jre/bin/java"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/gpu.csv" 2>&1
cat "$out/gpu.csv"
"$java" -jar "$dist"/junit-platform-console-standalone-*.jar execute -cp "$dist/rnnfield.jar:$dist/test-classes" \
    --select-class org.rnnfield.backend.cuda.CudaEquivalenceTest --include-tag gpu \
    --reports-dir "$out/junit" --details summary > "$out/gpu-tests.log" 2>&1
tail -20 "$out/gpu-tests.log"
# the same tests with our GEMM kernel forced (cuBLAS, when it loads, served the run above; see describe())
RNNFIELD_CUBLAS=0 "$java" -jar "$dist"/junit-platform-console-standalone-*.jar execute -cp "$dist/rnnfield.jar:$dist/test-classes" \
    --select-class org.rnnfield.backend.cuda.CudaEquivalenceTest --include-tag gpu \
    --reports-dir "$out/junit-own-gemm" --details summary > "$out/gpu-tests-own-gemm.log" 2>&1
tail -5 "$out/gpu-tests-own-gemm.log"
for p in float32 float64; do
  timeout 240 "$java" -jar "$dist/rnnfield.jar" bench --backend cuda --precision "$p" --N 1024,4096,16384 \
      --B 1,16,256 --T 20 --repeats 5 --json "$out/bench-cuda-$p.json"
done
timeout 240 python3 bench/peers/peer_step.py --device cuda --N 1024,4096,16384 --B 1,16,256 --T 20 \
    --ours "$out/bench-cuda-float32.json" --json "$out/peer-gpu.json"
