#!/usr/bin/env bash
# Builds, here, everything the GPU machine needs (it has no Java and no network) into bench/gpu/dist:
# a jlink runtime (no desktop modules: the GPU run draws no plots), rnnfield.jar, the compiled tests
# and the JUnit console launcher. Carry bench/gpu/dist to the machine and run bench/gpu/run.sh there.
set -euo pipefail
cd "$(dirname "$0")/../.."
dist=bench/gpu/dist
mvn -B -q package -DskipTests
mvn -B -q test-compile
rm -rf "$dist" && mkdir -p "$dist"
mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 -DoutputDirectory="$dist"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.naming,java.sql \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dist/jre"
cp target/rnnfield.jar "$dist/"
cp -r target/test-classes "$dist/test-classes"
size=$(du -sm "$dist" | cut -f1)
echo "bench/gpu/pack.sh: $dist is ${size} MiB"
if [ "$size" -gt 60 ]; then echo "bench/gpu/pack.sh: over the 60 MiB budget" >&2; exit 1; fi
