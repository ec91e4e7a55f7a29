/**
 * upgradeOpset against onnx 1.12's own onnx.version_converter.convert_version, on the small old-opset graphs of
 * packages/autodiff/fixtures/opset-upgrade-onnx.json (scripts/fixtures/autodiff/make_opset_upgrade.py):
 * - where onnx converts, both conversions run on ONNX Runtime at opset 17 and agree within 1e-5 relative, and
 *   with the original where ORT still runs its opset;
 * - where onnx refuses (spatial=0, is_test=0, training outputs), upgradeOpset refuses with a typed error;
 * - where onnx's result computes something else, the original (or, below ONNX Runtime's oldest kernels, the
 *   same network written by hand at opset 7) tells which one is right: Upsample/Resize-10, where onnx leaves
 *   Resize-11's defaults ('half_pixel', 'round_prefer_floor') that move the pixels, and opset-1 Add with
 *   broadcast at axis 1, where onnx's Unsqueeze puts B at axis 0 ([2] → [2, 1, 1, 1]).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { decodeModel, onnx, type ModelProto } from '@kenobi/onnx';
import { upgradeOpset } from '../opset-upgrade.js';
import { runGraph, type RunOutput } from '../test-support/run-graph.js';
import { feedsFor, relativeError, UPGRADE_TOLERANCE } from '../test-support/opset/opset-cases.js';

interface FixtureCase {
  readonly name: string;
  readonly opset: number;
  readonly note: string;
  readonly original: string;
  /** The same network written by hand at opset 7, where ONNX Runtime cannot run the original's opset. */
  readonly reference?: string;
  readonly onnx: { readonly converted: string; readonly ops: string[] } | { readonly error: string };
}

const fixture = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/opset-upgrade-onnx.json'), 'utf8')) as { cases: FixtureCase[] };
const decode = (b64: string): ModelProto => decodeModel(Buffer.from(b64, 'base64'));

/**
 * onnx's result, with two serialization slips of onnx 1.12 mended so ONNX Runtime loads it: its Reshape 4→5
 * and old-broadcast adapters write Constant tensors without dims (a "scalar" holding several int64s), and the
 * broadcast adapter leaves a value_info of element type 0. Values and ops are untouched.
 */
function decodeOnnxResult(b64: string): ModelProto {
  const m = onnx.ModelProto.decode(Buffer.from(b64, 'base64'));
  for (const n of m.graph!.node!) {
    const t = n.op_type === 'Constant' ? n.attribute?.[0]?.t : undefined;
    const count = (t?.int64_data?.length ?? 0) + (t?.float_data?.length ?? 0);
    if (t && (t.dims ?? []).length === 0 && count > 1) t.dims = [count];
  }
  const valueInfo = (m.graph!.value_info ?? []).filter((v) => v.type?.tensor_type?.elem_type);
  return onnx.ModelProto.create({ ...m, graph: onnx.GraphProto.create({ ...m.graph!, value_info: valueInfo }) });
}
/** Cases where onnx's converter is known to change the values (see the file comment). */
const ONNX_DIFFERS = new Set(['mnist1-legacy-broadcast', 'upsample-nearest-9', 'upsample-linear-7', 'resize-nearest-10']);

/** The outputs of `model`, or undefined when ONNX Runtime has no kernel for one of its nodes at its opset. */
async function runIfSupported(model: ModelProto, feeds: ReturnType<typeof feedsFor>): Promise<Record<string, RunOutput> | undefined> {
  try {
    return await runGraph(model, feeds, 'cpu');
  } catch (e) {
    if (/Could not find an implementation/.test(String(e))) return undefined;
    throw e;
  }
}

function maxError(a: Record<string, RunOutput>, b: Record<string, RunOutput>): number {
  return Math.max(...Object.keys(b).map((k) => (a[k] && a[k]!.dims.join() === b[k]!.dims.join() ? relativeError(a[k]!, b[k]!) : Infinity)));
}

describe('@kenobi/autodiff upgradeOpset against onnx.version_converter (onnx 1.12)', () => {
  it('the fixture covers converted, refused and onnx-differs cases', () => {
    expect(fixture.cases.filter((c) => 'converted' in c.onnx).length).to.be.at.least(10);
    expect(fixture.cases.filter((c) => 'error' in c.onnx).map((c) => c.name)).to.include.members(['bn-spatial0-8', 'bn-is-test0-6', 'bn-training-outputs-9']);
  });

  for (const c of fixture.cases) {
    it(`${c.name} (opset ${c.opset})${c.note ? `: ${c.note}` : ''}`, async () => {
      const original = decode(c.original);
      if ('error' in c.onnx) {
        expect(() => upgradeOpset(original, 17), `onnx refused: ${c.onnx.error}`).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'autodiff/'));
        return;
      }
      const feeds = feedsFor(original, 5, 1);
      const ours = await runGraph(upgradeOpset(original, 17), feeds, 'cpu');
      const theirs = await runGraph(decodeOnnxResult(c.onnx.converted), feeds, 'cpu').catch((e: unknown) => e as Error);
      const before = c.reference ? await runGraph(decode(c.reference), feeds, 'cpu') : await runIfSupported(original, feeds);
      if (before) expect(maxError(ours, before), 'ours vs the original').to.be.at.most(UPGRADE_TOLERANCE);
      if (ONNX_DIFFERS.has(c.name)) {
        expect(before, 'a reference to tell the two apart').to.not.equal(undefined);
        // NOTE: onnx's wrong broadcast even fails ORT's shape inference (Flatten gets 36 features, MatMul wants 18)
        if (theirs instanceof Error) expect(theirs.message).to.match(/ShapeInferenceError.*mismatch/);
        else expect(maxError(theirs, before!), "onnx's conversion vs the original").to.be.above(1e-2);
        return;
      }
      if (theirs instanceof Error) throw theirs;
      expect(maxError(ours, theirs), "ours vs onnx's conversion").to.be.at.most(UPGRADE_TOLERANCE);
    });
  }
});
