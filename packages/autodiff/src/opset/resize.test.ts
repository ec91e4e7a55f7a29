/**
 * Upsample (opset 1, 7, 9) and Resize-10 become Resize with 'asymmetric' coordinates and floor rounding for
 * nearest: checked against ONNX Runtime running Upsample-7/9 and Resize-10 themselves (it keeps those kernels),
 * for nearest and linear, integer and fractional scales. Upsample-1 has no kernel left: its reference is the
 * Upsample-7 its text describes.
 */
import { expect } from 'chai';
import { floatAttr, floatsAttr, float32Tensor } from '@kenobi/onnx';
import { attrNames, expectRefusal, expectUpgradeMatches, node, opTypes, tinyModel } from '../test-support/opset/opset-cases.js';

const scalesTensor = (values: number[]): ReturnType<typeof float32Tensor> => float32Tensor('sc', Float32Array.from(values), [values.length]);

describe('@kenobi/autodiff upgradeOpset: Upsample and Resize-10', () => {
  // NOTE: 1.25 and 1.75 are scales where half_pixel rounding and asymmetric floor pick different pixels
  const scaleSets = [[1, 1, 2, 2], [1, 1, 1.5, 2.5], [1, 1, 3, 1], [1, 1, 1.25, 1.75]];

  it('Upsample-7 (scales attribute) nearest and linear', async () => {
    for (const mode of ['nearest', 'linear']) {
      for (const scales of scaleSets) {
        const m = tinyModel({ opset: 7, nodes: [node('Upsample', ['x'], ['y'], { mode, scales: floatsAttr(scales) })], inputs: { x: [1, 2, 3, 4] } });
        const { upgraded } = await expectUpgradeMatches(m);
        expect(opTypes(upgraded)).to.deep.equal(['Resize']);
        expect(attrNames(upgraded, 'Resize')).to.deep.equal(mode === 'nearest' ? ['coordinate_transformation_mode', 'mode', 'nearest_mode'] : ['coordinate_transformation_mode', 'mode']);
      }
    }
  });

  it('Upsample-9 (scales input) and Resize-10, nearest and linear', async () => {
    for (const [op, opset] of [['Upsample', 9], ['Resize', 10]] as const) {
      for (const mode of ['nearest', 'linear']) {
        for (const scales of scaleSets) {
          await expectUpgradeMatches(tinyModel({ opset, nodes: [node(op, ['x', 'sc'], ['y'], { mode })], inputs: { x: [1, 2, 3, 4] }, initializers: [scalesTensor(scales)] }));
        }
      }
    }
  });

  it('Upsample-1 height_scale/width_scale (mode bilinear → linear) means Upsample-7 scales [1, 1, h, w]', async () => {
    for (const [mode, mode7] of [['nearest', 'nearest'], ['bilinear', 'linear']]) {
      const m = tinyModel({ opset: 1, nodes: [node('Upsample', ['x'], ['y'], { mode: mode!, height_scale: floatAttr(2), width_scale: floatAttr(3) })], inputs: { x: [1, 2, 3, 3] } });
      const reference = tinyModel({ opset: 7, nodes: [node('Upsample', ['x'], ['y'], { mode: mode7!, scales: floatsAttr([1, 1, 2, 3]) })], inputs: { x: [1, 2, 3, 3] } });
      await expectUpgradeMatches(m, { reference });
    }
  });

  it('refuses Upsample at opset 10 and later (deprecated; ONNX Runtime refuses it too) and Resize-11 tf_half_pixel_for_nn', () => {
    const up10 = tinyModel({ opset: 10, nodes: [node('Upsample', ['x', 'sc'], ['y'], {}, 'up')], inputs: { x: [1, 1, 2, 2] }, initializers: [scalesTensor([1, 1, 2, 2])] });
    expectRefusal(up10, 'autodiff/unsupported-op', /Upsample is deprecated from opset 10/, { op: 'Upsample', node: 'up' });
    const r11 = tinyModel({ opset: 11, nodes: [node('Resize', ['x', 'roi', 'sc'], ['y'], { coordinate_transformation_mode: 'tf_half_pixel_for_nn' }, 'rs')], inputs: { x: [1, 1, 2, 2] }, initializers: [float32Tensor('roi', new Float32Array(0), [0]), scalesTensor([1, 1, 2, 2])] });
    expectRefusal(r11, 'autodiff/unsupported-attribute', /tf_half_pixel_for_nn/, { op: 'Resize', node: 'rs' });
  });
});
