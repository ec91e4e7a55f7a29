/**
 * `kenobi doctor [--json]`: which devices work here, and why the others do not.
 */
import { describeDevices, formatDevicesReport } from '@kenobi/runtime';
import type { Command } from '../command.js';

/**
 * The `doctor` command.
 *
 * @example
 * ```sh
 * kenobi doctor          # cpu works; cuda no (missing libonnxruntime_providers_cuda.so, ...; fix: ...); webgpu ...
 * kenobi doctor --json   # { platform, versions, devices: [{ device, works, reason, hint, details }], auto }
 * ```
 */
export const doctorCommand: Command = {
  words: ['doctor'],
  summary: 'Show which devices (cpu, cuda, webgpu, wasm) work here, and why the others do not',
  usage: 'kenobi doctor [--json]',
  details: `
Creates and runs a tiny model on every device and prints, for each, whether it works and, if not, why and
how to fix it: the missing CUDA files and the command that fetches them, the Vulkan drivers Dawn sees for
WebGPU, the WebGPU Conv canary's verdict, and the ONNX Runtime versions. Exit code 0 when the CPU works.

  --json   print the report as JSON

Example: kenobi doctor`,
  options: { json: { type: 'boolean' } },
  positionals: [0, 0],
  async run({ values }, io) {
    const report = await describeDevices();
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDevicesReport(report)}\n`);
    return report.devices.some((d) => d.device === 'cpu' && d.works) ? 0 : 1;
  },
};
