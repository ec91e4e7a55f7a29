#!/usr/bin/env bash
# Generates packages/onnx/generated/onnx-proto.{js,d.ts}: a protobufjs static module (no eval, no reflection at
# run time, so it passes a strict Content-Security-Policy) from packages/onnx/proto/onnx.proto.
# Run from the repository root: bash scripts/onnx-proto/generate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=packages/onnx/generated
mkdir -p "$out"
npx pbjs -t static-module -w es6 --es6 --no-verify --no-delimited --no-service --force-long=false \
  --keep-case -r onnx -o "$out/onnx-proto.js" packages/onnx/proto/onnx.proto
# protobufjs 8 is ESM-first; the generated file imports "protobufjs/minimal" which needs the .js suffix in ESM.
sed -i 's#from "protobufjs/minimal"#from "protobufjs/minimal.js"#' "$out/onnx-proto.js"
npx pbts --no-comments -o "$out/onnx-proto.d.ts" "$out/onnx-proto.js"
echo "generated $out/onnx-proto.js and .d.ts"
