import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { builtinArchitecture } from './builtin-architectures.js';
import { isKerasModelConfig, kerasInitializer, layerListFromKeras } from './keras-model-config.js';
import { imageModelFromLayerList } from './layer-list.js';
import type { ImageModel } from './image-model.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/keras');
const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;
const is = (code: string, re: RegExp) => (e: unknown): boolean => isKenobiError(e, code) && re.test((e as Error).message);
const weights = (m: ImageModel): number[][] => m.layers.flatMap((l) => l.params().map((p) => Array.from(p.value)));
const shape = { inputShape: [64, 64, 3] as const, seed: 5 };

/** A copy of a fixture with `edit` applied to layer `at`'s config. */
function edited(name: string, at: number, edit: (config: Record<string, unknown>) => void): Record<string, unknown> {
  const json = read(name);
  edit(((json['config'] as { layers: { config: Record<string, unknown> }[] }).layers[at]!).config);
  return json;
}

describe('cnn/keras-model-config: Keras model.to_json() as a layer list', () => {
  for (const file of ['seeds-cnn.keras2.json', 'seeds-cnn.keras3.json', 'seeds-cnn.channels-first.keras2.json']) {
    it(`${file} builds the built-in seeds' CNN: the same layers, 2,332,513 params and, for one seed, the same initial weights`, () => {
      const json = read(file);
      expect(isKerasModelConfig(json)).to.equal(true);
      expect(layerListFromKeras(json).inputShape).to.deep.equal([64, 64, 3]);
      const keras = imageModelFromLayerList(json, shape);
      const builtin = builtinArchitecture('seeds-cnn', { inputShape: [64, 64, 3], classes: 2, seed: 5 });
      expect(keras.layers.map((l) => l.type)).to.deep.equal(builtin.layers.map((l) => l.type));
      expect(keras.countParams()).to.equal(2_332_513);
      expect(weights(keras)).to.deep.equal(weights(builtin));
    });
  }

  it('reads a TF.js model.json (modelTopology) and a Functional model that is one chain (Keras 2 and Keras 3 inbound nodes)', () => {
    const topology = read('seeds-cnn.keras2.json');
    expect(imageModelFromLayerList({ format: 'layers-model', modelTopology: topology, weightsManifest: [] }, shape).countParams()).to.equal(2_332_513);
    const chain = (k3: boolean, from: string[]): unknown => ({
      class_name: 'Functional',
      config: {
        name: 'f', layers: [
          { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 8, 8, 1] }, inbound_nodes: [] },
          { class_name: 'Flatten', name: 'fl', config: { name: 'fl' }, inbound_nodes: k3 ? [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: [from[0], 0, 0] } }], kwargs: {} }] : [[[from[0], 0, 0, {}]]] },
          { class_name: 'Dense', name: 'd', config: { name: 'd', units: 1, activation: 'sigmoid' }, inbound_nodes: k3 ? [{ args: from.slice(1).map((n) => ({ config: { keras_history: [n, 0, 0] } })), kwargs: {} }] : [from.slice(1).map((n) => [n, 0, 0, {}])] },
        ],
      },
    });
    for (const k3 of [false, true]) {
      expect(imageModelFromLayerList(chain(k3, ['in', 'fl']), { inputShape: [8, 8, 1] }).countParams()).to.equal(65);
      expect(() => imageModelFromLayerList(chain(k3, ['in', 'fl', 'in']), { inputShape: [8, 8, 1] })).to.throw().that.satisfies(is('learn/bad-file', /layer 3 'd' \(Dense\) takes 'fl', 'in'.*one chain/));
    }
  });

  it("keeps Keras's meaning: BN momentum 0.99 is a 0.01 update and epsilon defaults to 1e-3; initialisers by name; leaky_relu's slope 0.2", () => {
    const m = imageModelFromLayerList({
      class_name: 'Sequential', config: {
        layers: [
          { class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, batch_input_shape: [null, 8, 8, 2], kernel_initializer: 'he_normal', activation: 'leaky_relu' } },
          { class_name: 'BatchNormalization', config: { axis: [3], momentum: 0.99, beta_initializer: { class_name: 'Zeros', config: {} } } },
          { class_name: 'LeakyReLU', config: { alpha: 0.1 } },
          { class_name: 'GlobalAveragePooling2D', config: { keepdims: false } },
          { class_name: 'Dense', config: { units: 1, kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 3, mode: 'fan_out', distribution: 'uniform' } } } },
        ],
      },
    }, { inputShape: [8, 8, 2] });
    // head layers (dense, activations, BN) sit in an adapter: read the wrapped layer
    const [conv, leaky, bn, leaky2, , dense] = m.layers.map((l) => ('inner' in l ? l.inner : l)) as unknown as Record<string, unknown>[];
    expect(conv!['kernelInitializer']).to.deep.equal({ kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' });
    expect(leaky!['negativeSlope']).to.equal(0.2);
    expect([bn!['momentum'], bn!['epsilon']]).to.deep.equal([1 - 0.99, 1e-3]);
    expect(leaky2!['negativeSlope']).to.equal(0.1);
    expect(dense!['kernelInitializer']).to.deep.equal({ kind: 'varianceScaling', scale: 3, mode: 'fanOut', distribution: 'uniform' });
    expect(kerasInitializer({ module: 'keras.initializers', class_name: 'GlorotNormal', config: { seed: null }, registered_name: null }, 'x')).to.deep.equal({ kind: 'varianceScaling', scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' });
  });

  it('refuses what it cannot honour, naming the layer and the setting', () => {
    const k2 = 'seeds-cnn.keras2.json';
    const cases: [Record<string, unknown>, RegExp][] = [
      [edited(k2, 1, (c) => { c['kernel_regularizer'] = { class_name: 'L2', config: { l2: 0.01 } }; }), /layer 2 'conv2d' \(Conv2D\): kernel_regularizer = .*not supported/],
      [edited(k2, 4, (c) => { c['trainable'] = false; }), /layer 5 'conv2d_1' \(Conv2D\): trainable = false/],
      [edited(k2, 18, (c) => { c['kernel_initializer'] = { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } }; }), /layer 19 'dense_1' \(Dense\): kernel_initializer .*RandomUniform.* not supported/],
      [edited(k2, 16, (c) => { c['activation'] = 'swish'; }), /layer 17 'dense' \(Dense\): activation "swish"/],
      [edited(k2, 2, (c) => { c['dtype'] = 'float16'; }), /dtype "float16"/],
      [edited(k2, 3, (c) => { c['mystery'] = 1; }), /layer 4 'dropout' \(Dropout\): unknown setting 'mystery'/],
      [edited(k2, 6, (c) => { c['data_format'] = 'channels_first'; }), /mix data formats/],
      [{ class_name: 'Sequential', config: { layers: [{ class_name: 'Conv2DTranspose', config: { name: 'up' } }] } }, /layer 1 'up' \(Conv2DTranspose\): Kenobi has no Conv2DTranspose layer/],
      [{ class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 64, 64, 3] } }] } }, /only an input layer/],
      [{ class_name: 'Sequential', config: { layers: [{ class_name: 'Rescaling', config: { name: 'r', scale: 0.00392 } }] } }, /layer 1 'r' \(Rescaling\): Kenobi prepares the inputs itself/],
      [{ class_name: 'Sequential', config: { layers: [{ class_name: 'RandomFlip', config: { name: 'f' } }] } }, /augmentation layers are not part of a Kenobi model/],
      [{ class_name: 'Model2', config: { layers: [] } }, /class "Model2"/],
    ];
    for (const [json, re] of cases) expect(() => imageModelFromLayerList(json, shape), String(re)).to.throw().that.satisfies(is('learn/bad-file', re));
    expect(() => imageModelFromLayerList(read(k2), { inputShape: [32, 32, 3] })).to.throw().that.satisfies(is('learn/shape-mismatch', /\[64,64,3\].*\[32, 32, 3\]/));
  });

  it("a Kenobi layer list given Keras's snake_case names says which name it takes", () => {
    expect(() => imageModelFromLayerList([{ type: 'conv2d', filters: 2, kernel_size: 3 }], shape)).to.throw().that.satisfies((e: unknown) =>
      is('learn/bad-file', /unknown option 'kernel_size'/)(e) && /'kernelSize' in a Kenobi layer list/.test(String((e as { hint?: string }).hint)));
    const m = imageModelFromLayerList([{ type: 'conv2d', filters: 2, kernelSize: 3, kernelInitializer: { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'normal' } }, { type: 'flatten' }, { type: 'dense', units: 1, kernelInitializer: 'lecun_uniform' }], { inputShape: [8, 8, 1] });
    expect((m.layers[0] as unknown as Record<string, unknown>)['kernelInitializer']).to.deep.equal({ kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'normal' });
    expect(() => imageModelFromLayerList([{ type: 'dense', units: 1, kernelInitializer: { kind: 'varianceScaling', scale: 2 } }], { inputShape: [8, 8, 1] })).to.throw().that.satisfies(is('learn/bad-file', /'kernelInitializer' .* is not an initialiser/));
  });
});
