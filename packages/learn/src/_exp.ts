import { readFileSync } from 'node:fs';
import { decodeModel, graphView, inferStaticShapes, makeBatchDynamic } from '@kenobi/onnx';
const m = decodeModel(new Uint8Array(readFileSync('/work/shared/models/shufflenet-v2-12-int8.onnx')));
const d = makeBatchDynamic(m);
const v = graphView(d);
const s = inferStaticShapes(v, {});
for (const n of v.nodes) {
  const o = s.get(n.output![0]!)?.dims;
  if (!o || o[0] !== 'N') { console.log(n.op_type, n.name, n.input, o, n.input!.map((i) => s.get(i)?.dims)); break; }
}
