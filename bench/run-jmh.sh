#!/usr/bin/env bash
# Runs the JMH benchmarks in bench/jmh. Arguments go to JMH, e.g.
#   bench/run-jmh.sh GemmBenchmark
#   bench/run-jmh.sh StepBenchmark -p n=1000,4000 -p b=16,64 -p precision=float32 -rf json -rff bench/results/step.json
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# run from a private copy, so rebuilding target/classes while JMH forks start cannot break them
rm -rf target/jmh-run && mkdir -p target/jmh-run && cp -r target/classes target/test-classes target/jmh-run/
exec java -cp "target/jmh-run/test-classes:target/jmh-run/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "$@"
