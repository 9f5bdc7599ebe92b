#!/usr/bin/env bash
# Small CPU demo: builds the jar, trains N=400 tanh networks on the sine task at gamma = 1 and 0.1,
# simulates the trained gamma = 1 network, runs the chaos-order experiment (quick form, ~3 min on 2 cores) and
# gathers everything into demo-out/report.html. Results (summary.json, PNGs, .npz) land in demo-out/.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
mvn -B -q package -DskipTests
for gamma in 1.0 0.1; do
  java -jar target/rnnfield.jar train --task sine --N 400 --g 1.5 --gamma "$gamma" --steps 2000 --seed 1 \
       --out "demo-out/sine-gamma$gamma"
done
java -jar target/rnnfield.jar simulate --task sine --N 400 --g 1.5 --gamma 1.0 \
     --weights demo-out/sine-gamma1.0/weights.npz --out demo-out/simulate-gamma1.0
java -jar target/rnnfield.jar experiment chaos-order --out demo-out/chaos-order
java -jar target/rnnfield.jar report demo-out/sine-gamma1.0 demo-out/sine-gamma0.1 demo-out/chaos-order \
     --out demo-out/report.html
echo "demo done: open demo-out/report.html (or see demo-out/*/summary.json and the PNGs beside them)"
