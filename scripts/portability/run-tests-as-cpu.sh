#!/usr/bin/env bash
# Runs mocha test files under QEMU user-mode emulation of another x86-64 CPU model, so ONNX Runtime's MLAS picks
# that CPU's kernels (e.g. AVX2 without AVX-512/VNNI: the fp32 GEMM accumulation order and the saturating int8
# u8s8 path). This is how Kenobi's goldens are checked to hold on CPUs other than the one they were made on.
#
#   bash scripts/portability/run-tests-as-cpu.sh Haswell test/zoo/zoo-mirror-models.test.ts [--grep 'int8: top']
#
# Needs Debian's qemu-user (apt-get install qemu-user); QEMU 7.2's TCG emulates up to AVX2 (no AVX-512), and
# runs 10-50x slower than native: pick the test files that compare ORT numbers with goldens.
set -euo pipefail
cd "$(dirname "$0")/../.."
cpu=${1:?usage: run-tests-as-cpu.sh CPU_MODEL test-file... [mocha options]}; shift
command -v qemu-x86_64 >/dev/null || { echo "run-tests-as-cpu: qemu-x86_64 not found (apt-get install qemu-user)" >&2; exit 2; }
# mocha's own bin re-spawns node for node options, which would run natively: call its CLI in-process instead.
qemu-x86_64 -cpu "$cpu" "$(command -v node)" --conditions=@kenobi/source --import tsx node_modules/mocha/lib/cli/cli.js \
  --no-config --timeout 900000 "$@" 2> >(grep -v "TCG doesn't support requested feature" >&2)
