/**
 * Writes `models/zoo.json` from `../shared/models/onnx-zoo-manifest.json` (path, sha256, size, opset, licence of
 * every ONNX-zoo file) plus what the zoo READMEs and `../shared/models/MODELS.json` say about each architecture
 * (input name, layout, preprocessing, feature tensors). Rerun after the manifest changes:
 *
 *   node --import tsx scripts/zoo/build-zoo-json.ts [path/to/onnx-zoo-manifest.json]
 *
 * NOTE: facts that could be read from a real file here (the staged models in ../shared/models) are marked
 * `factsSource: 'verified'`; the rest come from the zoo READMEs (`'zoo-readme'`) and their feature layer is
 * left to the auto feature layer on first load (`featureTensorSource: 'auto-on-first-load'`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifestPath = resolve(process.argv[2] ?? resolve(repoRoot, '../shared/models/onnx-zoo-manifest.json'));

interface ManifestEntry {
  family: string; section: string; path: string; file: string; kind: string; sha256: string; size: number;
  opset: number; variant: string; license: string; arch: string; url: string; staged_as?: string;
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { commit: string; commit_date: string; entries: ManifestEntry[] };

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
// NOTE: the shape of @kenobi/imaging's PreprocessingConfig, so `toModelInput(images, entry.preprocessing)` works.
const in224 = {
  inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center', interpolation: 'bilinear',
  scale: '0-1', mean: IMAGENET.mean, std: IMAGENET.std, channelOrder: 'RGB', layout: 'NCHW',
};
// Caffe/Caffe2 models: BGR, 0-255, mean subtracted (given in the model's channel order, B,G,R), no std.
const caffe224 = {
  inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center', interpolation: 'bilinear',
  scale: '0-255', mean: [103.939, 116.779, 123.68], std: [1, 1, 1], channelOrder: 'BGR', layout: 'NCHW',
};
const mnist28 = {
  inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', interpolation: 'bilinear',
  scale: '0-1', mean: [0], std: [1], channelOrder: 'RGB', layout: 'NCHW',
};

interface ArchFacts {
  family: string; input: string; batch: 'fixed-1' | 'dynamic' | 'unknown'; preprocessing: object;
  labels: string; output: { name?: string; kind: string }; origin: string;
}

/** What the zoo READMEs say per architecture (first match wins). */
const ARCH_RULES: Array<[RegExp, ArchFacts]> = [
  [/^mnist-/, { family: 'lenet', input: 'Input3', batch: 'fixed-1', preprocessing: mnist28, labels: 'mnist-digits', output: { name: 'Plus214_Output_0', kind: 'logits' }, origin: 'CNTK' }],
  [/^bvlcalexnet-/, { family: 'alexnet', input: 'data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { name: 'softmaxout_1', kind: 'probabilities' }, origin: 'Caffe BVLC -> Caffe2' }],
  [/^caffenet-/, { family: 'alexnet', input: 'data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe BVLC -> Caffe2' }],
  [/^googlenet-/, { family: 'inception', input: 'data_0', batch: 'fixed-1', preprocessing: { ...caffe224, resize: 'exact', resizeSize: undefined, crop: 'none' }, labels: 'imagenet-1k', output: { name: 'prob_0', kind: 'probabilities' }, origin: 'Caffe BVLC -> Caffe2' }],
  [/^inception-v1-/, { family: 'inception', input: 'data_0', batch: 'fixed-1', preprocessing: { ...caffe224, resize: 'exact', resizeSize: undefined, crop: 'none' }, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe2' }],
  [/^inception-v2-/, { family: 'inception', input: 'data_0', batch: 'fixed-1', preprocessing: { ...caffe224, resize: 'exact', resizeSize: undefined, crop: 'none' }, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe2' }],
  [/^resnet50-caffe2-/, { family: 'resnet', input: 'gpu_0/data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe2' }],
  [/^resnet/, { family: 'resnet', input: 'data', batch: 'dynamic', preprocessing: in224, labels: 'imagenet-1k', output: { kind: 'logits' }, origin: 'MXNet Gluon' }],
  [/^vgg19-caffe2-/, { family: 'vgg', input: 'data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe2' }],
  [/^vgg/, { family: 'vgg', input: 'data', batch: 'dynamic', preprocessing: in224, labels: 'imagenet-1k', output: { kind: 'logits' }, origin: 'MXNet Gluon' }],
  [/^squeezenet1\.0-/, { family: 'squeezenet', input: 'data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { name: 'softmaxout_1', kind: 'probabilities' }, origin: 'Caffe2' }],
  [/^squeezenet1\.1-/, { family: 'squeezenet', input: 'data', batch: 'dynamic', preprocessing: in224, labels: 'imagenet-1k', output: { kind: 'logits' }, origin: 'MXNet Gluon' }],
  [/^mobilenetv2-7/, { family: 'mobilenet', input: 'data', batch: 'dynamic', preprocessing: in224, labels: 'imagenet-1k', output: { kind: 'logits' }, origin: 'MXNet Gluon' }],
  [/^mobilenetv2-/, { family: 'mobilenet', input: 'input', batch: 'dynamic', preprocessing: in224, labels: 'imagenet-1k', output: { name: 'output', kind: 'logits' }, origin: 'PyTorch' }],
  [/^shufflenet-v2-/, { family: 'shufflenet', input: 'input', batch: 'fixed-1', preprocessing: in224, labels: 'imagenet-1k', output: { name: 'output', kind: 'logits' }, origin: 'PyTorch' }],
  [/^shufflenet-/, { family: 'shufflenet', input: 'gpu_0/data_0', batch: 'fixed-1', preprocessing: caffe224, labels: 'imagenet-1k', output: { kind: 'probabilities' }, origin: 'Caffe2' }],
];

/** Facts read from the real files in ../shared/models (MODELS.json). */
const VERIFIED: Record<string, { featureTensors: object[]; batch: 'fixed-1' | 'dynamic'; inputShape: Array<number | string> }> = {
  'mnist-8': {
    batch: 'fixed-1', inputShape: [1, 1, 28, 28],
    featureTensors: [
      { name: 'Pooling160_Output_0_reshape0', shape: [1, 256], pooling: 'none', note: 'flattened last max-pool (input to the final MatMul): penultimate feature' },
      { name: 'Pooling160_Output_0', shape: [1, 16, 4, 4], pooling: 'global-average', note: 'last max-pool output' },
    ],
  },
  'mobilenetv2-12-int8': {
    batch: 'dynamic', inputShape: ['batch_size', 3, 224, 224],
    featureTensors: [
      { name: '627', shape: ['N', 1280, 7, 7], pooling: 'global-average', note: 'DequantizeLinear output feeding the GAP: average over H,W for the 1280-d embedding' },
    ],
  },
  'shufflenet-v2-12-int8': {
    batch: 'fixed-1', inputShape: [1, 3, 224, 224],
    featureTensors: [
      { name: '611', shape: [1, 1024], pooling: 'none', note: 'ReduceMean over H,W (global pool): penultimate 1024-d feature' },
      { name: '610', shape: [1, 1024, 7, 7], pooling: 'global-average', note: 'pre-pool feature map' },
    ],
  },
};

const WANTED_FAMILIES = new Set(['lenet_mnist', 'alexnet', 'vgg', 'resnet', 'googlenet_inception', 'squeezenet', 'mobilenet', 'shufflenet']);
const zooUrl = (path: string): string => `https://github.com/onnx/models/raw/main/${path}`;

const models: object[] = [];
const archives = new Map(manifest.entries.filter((e) => e.kind === 'tar.gz').map((e) => [e.file.replace(/\.tar\.gz$/, ''), e]));
for (const e of manifest.entries) {
  if (e.section !== 'validated' || e.kind !== 'onnx' || !WANTED_FAMILIES.has(e.family)) continue;
  const id = e.file.replace(/\.onnx$/, '');
  if (id.startsWith('resnet-preproc')) continue;
  const rule = ARCH_RULES.find(([re]) => re.test(id));
  if (!rule) throw new Error(`no architecture rule for ${id}`);
  const facts = rule[1];
  const verified = VERIFIED[id];
  const archive = archives.get(id);
  const batch = verified?.batch ?? facts.batch;
  const pp = facts.preprocessing as { inputSize: number[]; channels: number };
  const size = [pp.channels, ...pp.inputSize];
  models.push({
    id,
    family: facts.family,
    arch: e.arch,
    variant: e.variant,
    license: e.license,
    opset: e.opset,
    origin: `ONNX model zoo (${facts.origin})`,
    source: 'onnx-zoo',
    file: { name: e.file, path: e.path, url: zooUrl(e.path), sha256: e.sha256, size: e.size },
    ...(archive ? { archive: { name: archive.file, path: archive.path, url: zooUrl(archive.path), sha256: archive.sha256, size: archive.size } } : {}),
    input: { name: facts.input, layout: 'NCHW', shape: verified?.inputShape ?? [batch === 'dynamic' ? 'N' : 1, ...size], dtype: 'float32' },
    batch,
    preprocessing: facts.preprocessing,
    labels: facts.labels,
    output: facts.output,
    featureTensors: verified?.featureTensors ?? [],
    featureTensorSource: verified ? 'verified' : 'auto-on-first-load',
    factsSource: verified ? 'verified' : 'zoo-readme',
  });
}

const offline = [
  {
    id: 'densenet121-keras', family: 'densenet', arch: 'densenet121', variant: 'fp32', license: 'GPL-3.0 (converted weights repo; Keras Applications weights are MIT)', opset: 13,
    origin: 'Keras Applications DenseNet121 ImageNet weights (bit-exact, via carlthome/tfjs-gradcam), converted to ONNX by hand',
    file: { name: 'densenet121-keras-imagenet.onnx', sha256: '5505596d5d661cbe850a5f2135a64e0df1cfa5b88eebc52b762dd325fc554492', size: 32340752 },
    input: { name: 'input', layout: 'NCHW', shape: ['N', 3, 224, 224], dtype: 'float32' }, batch: 'dynamic',
    preprocessing: { ...in224 }, labels: 'imagenet-1k', output: { name: 'fc1000', kind: 'probabilities' },
    featureTensors: [{ name: 'avg_pool', shape: ['N', 1024], pooling: 'none', note: 'global-average-pooled penultimate feature (also a graph output)' }],
  },
  {
    id: 'cifar10-resnet20', family: 'resnet', arch: 'resnet20-cifar', variant: 'fp32', license: 'MIT', opset: 7,
    origin: 'scailable/sclblonnx examples (PyTorch 1.5 export, BN folded)',
    file: { name: 'cifar10-resnet20.onnx', sha256: '3cef18222cb4b6c081ed88f8991ac10f0d65afc1dde524b5ab5a0f35c7501f44', size: 1094131 },
    input: { name: 'input', layout: 'NCHW', shape: [1, 3, 32, 32], dtype: 'float32' }, batch: 'fixed-1',
    preprocessing: { inputSize: [32, 32], channels: 3, resize: 'shorter-side', resizeSize: 32, crop: 'center', interpolation: 'bilinear', scale: '0-1', mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201], channelOrder: 'RGB', layout: 'NCHW' },
    labels: 'cifar10', output: { name: 'output', kind: 'logits' },
    featureTensors: [
      { name: '207', shape: [1, 64], pooling: 'none', note: 'flattened global-average pool (input to the fc Gemm)' },
      { name: '199', shape: [1, 64, 1, 1], pooling: 'global-average', note: 'GlobalAveragePool output' },
    ],
  },
  {
    id: 'mobilenetv2-12-int8-dequantized-fp32', family: 'mobilenet', arch: 'mobilenetv2', variant: 'fp32-dequantized', license: 'Apache-2.0', opset: 12,
    origin: 'fp32 derivative of the zoo mobilenetv2-12-int8 (QLinear ops replaced by float ops; int8-rounded weights): for GPU paths without QLinear kernels',
    file: { name: 'mobilenetv2-12-int8.dequantized-fp32.onnx', sha256: 'b4b10374dd034f026d016cbb2b03f0720741f64053a2e8e62d99f64dea745028', size: 13976747 },
    input: { name: 'input', layout: 'NCHW', shape: ['batch_size', 3, 224, 224], dtype: 'float32' }, batch: 'dynamic',
    preprocessing: { ...in224 }, labels: 'imagenet-1k', output: { name: 'output', kind: 'logits' },
    featureTensors: [
      { name: '627', shape: ['N', 1280, 7, 7], pooling: 'global-average', note: 'feature map before the GAP' },
      { name: '472_quantized__dq425', shape: ['N', 1280], pooling: 'none', note: 'flattened GAP output (input to the classifier MatMul)' },
    ],
  },
  {
    id: 'shufflenet-v2-12-int8-dequantized-fp32', family: 'shufflenet', arch: 'shufflenet-v2', variant: 'fp32-dequantized', license: 'BSD-3-Clause', opset: 12,
    origin: 'fp32 derivative of the zoo shufflenet-v2-12-int8 (QLinear ops replaced by float ops; int8-rounded weights)',
    file: { name: 'shufflenet-v2-12-int8.dequantized-fp32.onnx', sha256: '6263c022a8b93a94bfbac18cdab9a170e617e705602d6bce9449ec11265811ef', size: 9125866 },
    input: { name: 'input', layout: 'NCHW', shape: [1, 3, 224, 224], dtype: 'float32' }, batch: 'fixed-1',
    preprocessing: { ...in224 }, labels: 'imagenet-1k', output: { name: 'output', kind: 'logits' },
    featureTensors: [{ name: '611', shape: [1, 1024], pooling: 'none', note: 'ReduceMean (global pool) output' }],
  },
  {
    id: 'cnn-mnist-pytorch', family: 'lenet', arch: 'lenet5-pytorch', variant: 'fp32', license: 'MIT', opset: 9,
    origin: 'microsoft/onnxruntime java test data (classic PyTorch MNIST example net, PyTorch 1.1 export)',
    file: { name: 'cnn_mnist_pytorch.onnx', sha256: 'f2e586dac3792ad2e850e9122d244fb55eb07d276667f28be5931f3048696885', size: 88419 },
    input: { name: '0', layout: 'NCHW', shape: [1, 1, 28, 28], dtype: 'float32' }, batch: 'fixed-1',
    preprocessing: { ...mnist28, mean: [0.1307], std: [0.3081] }, labels: 'mnist-digits', output: { name: '21', kind: 'log-probabilities' },
    featureTensors: [
      { name: '18', shape: [1, 50], pooling: 'none', note: 'Relu(fc1): penultimate 50-d feature' },
      { name: '16', shape: [1, 320], pooling: 'none', note: 'flattened conv features (input to fc1)' },
    ],
  },
].map((m) => ({ ...m, source: 'offline-only', featureTensorSource: 'verified', factsSource: 'verified' }));

const zoo = {
  $schema: './zoo.schema.json',
  version: 1,
  about: 'Kenobi model zoo: sha256-pinned ONNX files. Built by scripts/zoo/build-zoo-json.ts from the ONNX zoo manifest and its READMEs. preprocessing.mean/std are in the model\'s channel order and in the units of preprocessing.scale.',
  manifestCommit: manifest.commit,
  labelSets: {
    'imagenet-1k': {
      kind: 'synset-lines', count: 1000,
      file: { name: 'labels/imagenet_synset.txt', url: 'https://github.com/onnx/models/raw/main/validated/vision/classification/synset.txt', sha256: 'acf75ef0abe89694b19056e0796401068b459c457baa30335f240c7692857355', size: 31675 },
      note: 'line i = class i (0-based): "nXXXXXXXX label, synonyms". sha256 is that of the mirror copy (../shared/models/labels), taken as the zoo synset.txt',
    },
    cifar10: {
      kind: 'lines', count: 10,
      file: { name: 'labels/cifar10_classes.txt', sha256: '2ce042b1e0b48db4bb214408e6414ba18b2731c24af244f2d6c112fddf31af00', size: 60 },
      note: 'offline-only: airplane..truck',
    },
    'mnist-digits': { kind: 'inline', count: 10, names: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  },
  models: [...models, ...offline],
};

const out = resolve(repoRoot, 'models/zoo.json');
writeFileSync(out, `${JSON.stringify(zoo, null, 1)}\n`);
console.log(`wrote ${out}: ${zoo.models.length} models`);
