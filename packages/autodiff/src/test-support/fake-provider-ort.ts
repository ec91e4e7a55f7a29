/**
 * Test support: a fake ONNX Runtime module whose every execution provider is onnxruntime-node's CPU, except
 * that every provider but 'cpu' can compute one op's gradients wrongly (every `*_grad` output of a graph
 * holding that op, scaled by 1 + `error`) or refuse graphs holding another op at session creation. It stands
 * in for a GPU provider with a bug (its 'cpu' stays a correct reference), so tests can prove that a wrong op
 * is refused by name.
 */
import * as ortNode from 'onnxruntime-node';
import { decodeModel } from '@kenobi/onnx';

/** How the fake misbehaves. */
export interface FakeProviderOptions {
  /** Graphs holding a node of this op type get wrong `*_grad` outputs. */
  readonly wrongOp?: string;
  /** Relative error put into those outputs (default 0.01). */
  readonly error?: number;
  /** Graphs holding a node of this op type fail at session creation, as an EP without a kernel would. */
  readonly unsupportedOp?: string;
}

/** What the fake saw: sessions made and released, by provider asked for. */
export interface FakeProviderLog {
  readonly created: string[];
  released: number;
}

/**
 * A fake ORT module (structurally onnxruntime-node's `InferenceSession`, `Tensor`, `env`) and its log.
 *
 * @example
 * ```ts
 * const { ort, log } = fakeProviderOrt({ wrongOp: 'Tanh' });
 * await gradientDeviceVerdict({ target: { ort, provider: 'webgpu' }, reference: { ort: ortNode, provider: 'cpu' } }, ['Tanh']); // refused: Tanh (wrong ...)
 * ```
 */
export function fakeProviderOrt(options: FakeProviderOptions): { ort: typeof ortNode; log: FakeProviderLog } {
  const log: FakeProviderLog = { created: [], released: 0 };
  const factor = 1 + (options.error ?? 0.01);
  const create = async (model: Uint8Array, sessionOptions: ortNode.InferenceSession.SessionOptions = {}): Promise<ortNode.InferenceSession> => {
    const ops = new Set((decodeModel(model).graph?.node ?? []).map((n) => n.op_type ?? ''));
    const provider = String(sessionOptions.executionProviders?.[0] ?? 'cpu');
    log.created.push(provider);
    const faulty = provider !== 'cpu';
    if (faulty && options.unsupportedOp && ops.has(options.unsupportedOp)) throw new Error(`fake ${provider}: no kernel for ${options.unsupportedOp}\nsecond line`);
    const session = await ortNode.InferenceSession.create(model, { ...sessionOptions, executionProviders: ['cpu'] });
    const run = session.run.bind(session) as (feeds: ortNode.InferenceSession.FeedsType) => Promise<ortNode.InferenceSession.ReturnType>;
    const release = session.release.bind(session);
    const wrong = faulty && options.wrongOp !== undefined && ops.has(options.wrongOp);
    Object.assign(session, {
      run: async (feeds: ortNode.InferenceSession.FeedsType) => {
        const out = await run(feeds);
        if (!wrong) return out;
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, k.endsWith('_grad') ? new ortNode.Tensor('float32', (t.data as Float32Array).map((v) => v * factor), t.dims) : t]));
      },
      release: async () => {
        log.released++;
        await release();
      },
    });
    return session;
  };
  const ort = { ...ortNode, InferenceSession: { ...ortNode.InferenceSession, create } } as unknown as typeof ortNode;
  return { ort, log };
}
