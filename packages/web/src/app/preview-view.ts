/**
 * Draws one decoded image on the page's canvas (the stretched planes the model sees, or Lupton RGB).
 */
import type { DecodedImage } from '../images/decode-image-file.js';
import { previewPixels, type PreviewMode } from '../images/preview-pixels.js';
import type { ImagePreparation } from '../model/model-info.js';
import { byId } from './dom.js';

/**
 * Shows `image` with the interval and stretch of `p`.
 *
 * @example
 * ```ts
 * showPreview(decoded, { config, interval: 'zscale', stretch: 'asinh' }, 'stretched', 'M51.fits');
 * ```
 */
export function showPreview(image: DecodedImage, p: ImagePreparation, mode: PreviewMode, caption: string): void {
  const { width, height, rgba } = previewPixels(image, p, mode);
  const canvas = byId<HTMLCanvasElement>('preview');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  const bandNote = image.kind === 'bands' && image.bands.length === 3 ? ` (${image.bandNames.join(', ') || '3 bands'})` : '';
  byId('preview-caption').textContent = `${caption}${bandNote}: ${width}×${height}${image.kind === 'bands' ? `, ${mode === 'lupton' && image.bands.length === 3 ? 'Lupton RGB' : `${p.interval ?? 'minmax'} / ${p.stretch ?? 'linear'}`}` : ''}`;
}
