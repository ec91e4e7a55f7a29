#!/usr/bin/env bash
# Today's peers for the benchmarks (issue #17): a virtual environment with current scikit-learn, PyTorch (CPU),
# astropy, onnxruntime and numpy, so `KENOBI_BENCH_PYTHON=<dir>/bin/python` compares Kenobi with what users
# `pip install` now rather than Debian 12's 2022 packages. pip takes the packages from whatever index it is
# configured for (PyPI, or a local mirror such as this machine's /opt/pypi); the versions are pinned so a
# table names exactly what ran. Usage: bash scripts/bench/setup-today-peers.sh [dir] (default .bench-peers)
set -euo pipefail
dir="${1:-.bench-peers}"
python="${PYTHON:-python3}"
[ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
"$dir/bin/pip" install -q --upgrade \
  'scikit-learn==1.9.1' 'torch==2.13.0' 'astropy==8.0.1' 'onnxruntime==1.30.0' 'numpy>=2.2' 'h5py' \
  ${PIP_EXTRA:-}
"$dir/bin/python" - <<'PY'
import importlib
print('peers:', ', '.join(f"{m} {importlib.import_module(m).__version__}" for m in ['sklearn', 'torch', 'astropy', 'onnxruntime', 'numpy']))
PY
echo "use: KENOBI_BENCH_PYTHON=$(cd "$dir" && pwd)/bin/python"
