/**
 * Node only. onnxruntime-node's WebGPU provider is Dawn over Vulkan, and Node has no `navigator.gpu` to ask
 * for adapter info, so this reports what Dawn can find: the Vulkan driver manifests (ICDs) and, on Debian,
 * the Mesa version (Dawn rejects Debian 12's Mesa 22 lavapipe; Mesa 25 from bookworm-backports works).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Vulkan drivers visible to Dawn. @example `vulkanDrivers().mesaVersion // '25.0.7-2~bpo12+1'` */
export interface VulkanDrivers {
  /** Driver manifests found (or the VK_ICD_FILENAMES override). */
  readonly icdFiles: readonly string[];
  /** Set when VK_ICD_FILENAMES / VK_DRIVER_FILES overrides the search. */
  readonly icdOverride?: string;
  /** Debian's mesa-vulkan-drivers version, when dpkg knows it. */
  readonly mesaVersion?: string;
}

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/**
 * The Vulkan drivers on this machine.
 *
 * @example
 * ```ts
 * vulkanDrivers(); // { icdFiles: ['/usr/share/vulkan/icd.d/lvp_icd.json', ...], mesaVersion: '25.0.7-2~bpo12+1' }
 * ```
 */
export function vulkanDrivers(): VulkanDrivers {
  const override = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES;
  const icdFiles: string[] = [];
  for (const dir of ICD_DIRS) {
    try {
      for (const f of readdirSync(dir)) if (f.endsWith('.json')) icdFiles.push(`${dir}/${f}`);
    } catch {
      // folder absent
    }
  }
  let mesaVersion: string | undefined;
  try {
    mesaVersion = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'mesa-vulkan-drivers'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
  } catch {
    // not Debian, or the package is absent
  }
  return Object.freeze({
    icdFiles: override ? override.split(':') : icdFiles,
    ...(override ? { icdOverride: override } : {}),
    ...(mesaVersion ? { mesaVersion } : {}),
  });
}
