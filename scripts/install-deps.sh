#!/usr/bin/env bash
# Installs the system packages rnnfield uses, when missing (Debian/Ubuntu):
#  - libopenblas0-pthread: native BLAS for the CPU backend (without it a pure-Java BLAS is used, several times slower)
#  - chromium: headless browser for the test that renders the HTML report (the test is skipped without it)
#  - g++: builds the CUDA driver emulator the gpu tests run on without a GPU (skipped, with that reason, without it)
#  - maven and a JDK 17+ are expected to be present already.
set -euo pipefail
need=()
if ! ldconfig -p 2>/dev/null | grep -q 'libblas.so.3'; then need+=(libopenblas0-pthread); fi
if [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if ! command -v g++ >/dev/null 2>&1; then need+=(g++); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "rnnfield: please install ${need[*]} (no root, no sudo); continuing without them" >&2; exit 0; fi
  echo "rnnfield: installing ${need[*]}" >&2
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }; then
    echo "rnnfield: could not install ${need[*]}; continuing without them (pure-Java BLAS; report rendering or emulated gpu tests skipped)" >&2
  fi
fi
