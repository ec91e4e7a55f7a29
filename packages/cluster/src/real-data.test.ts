import { expect } from 'chai';
import { needShared, sharedPath } from '../../../test/support/shared.js';
import { KMeans } from './kmeans/kmeans.js';
import { adjustedRandIndex } from './metrics/adjusted-rand.js';
import { normalizedMutualInfo } from './metrics/mutual-info.js';
import { mnistFc1Features } from './test-support/mnist-features.js';

describe('real data: cnn_mnist_pytorch.onnx fc1 features of 3,000 MNIST test digits', () => {
  it('k-means k = 10 reaches NMI ≥ 0.90 (sklearn: 0.937), on both kernels', async function () {
    this.timeout(120000);
    needShared(this, 'models/cnn_mnist_pytorch.onnx', 'data/mnist/t10k-images-idx3-ubyte.gz', 'data/mnist/t10k-labels-idx1-ubyte.gz');
    const { x, y } = await mnistFc1Features(
      sharedPath('models/cnn_mnist_pytorch.onnx'),
      sharedPath('data/mnist/t10k-images-idx3-ubyte.gz'),
      sharedPath('data/mnist/t10k-labels-idx1-ubyte.gz'),
      3000,
    );
    for (const kernel of ['ts', 'ort'] as const) {
      const km = await new KMeans({ k: 10, seed: 0, kernel }).fit(x);
      const nmi = normalizedMutualInfo(y, km.labels);
      console.log(`      ${kernel}: NMI ${nmi.toFixed(4)}, ARI ${adjustedRandIndex(y, km.labels).toFixed(4)}, inertia ${km.inertia.toFixed(1)}, ${km.nIter} iterations`);
      expect(nmi).to.be.at.least(0.9);
    }
  });
});
