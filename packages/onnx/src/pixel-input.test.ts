import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder } from './builder/graph-builder.js';
import { PIXEL_INPUT, pixelInputModel } from './pixel-input.js';

const scaling = { scale: '0-1', mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2], channelOrder: 'BGR' } as const;

describe('pixel-input: a uint8 [N, H, W, 3] input scaled in the graph', () => {
  it('replaces the image input and prepends Transpose, Cast, Div, Gather (BGR), Sub, Div; refuses other inputs', () => {
    const b = new GraphBuilder({ seed: 1 });
    b.output(b.globalAveragePool(b.input('image', 'float32', ['N', 3, 8, 6])));
    const m = pixelInputModel(b.build(), scaling);
    const input = m.graph!.input![0]!;
    expect(input.name).to.equal(PIXEL_INPUT);
    expect(input.type!.tensor_type!.elem_type).to.equal(2);
    expect(input.type!.tensor_type!.shape!.dim!.map((d) => d.dim_param || Number(d.dim_value))).to.deep.equal(['N', 8, 6, 3]);
    expect(m.graph!.node!.slice(0, 6).map((n) => n.op_type)).to.deep.equal(['Transpose', 'Cast', 'Div', 'Gather', 'Sub', 'Div']);
    expect(m.graph!.node![5]!.output).to.deep.equal(['image']);
    expect(m.graph!.input!.map((i) => i.name)).to.not.include('image');
    const grey = new GraphBuilder({ seed: 1 });
    grey.output(grey.globalAveragePool(grey.input('image', 'float32', ['N', 1, 8, 6])));
    expect(() => pixelInputModel(grey.build(), scaling)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'onnx/input-size'));
  });
});
