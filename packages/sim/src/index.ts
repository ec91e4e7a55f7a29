/**
 * @kenobi/sim: mock galaxies and strong lenses for demos and tests. Sérsic light (elliptical, disc,
 * bulge + disc, spiral arms), a singular isothermal ellipsoid with external shear, ray shooting with adaptive
 * supersampling, Gaussian/Moffat PSF, sky and Poisson noise, g/r/i colours, seeded. Pure TypeScript (Node and
 * browser); writing FITS files lives in the Node-only entry `@kenobi/sim/node`.
 */
export { SimError, SIM_ERROR_CODES, requireInRange } from './sim-error.js';
export type { SimErrorCode } from './sim-error.js';
export { lnGamma, regularizedGammaP, inverseRegularizedGammaP } from './gamma-function.js';
export { sersicBn } from './sersic-bn.js';
export { sersicTotalFlux, sersicIe, sersicEnclosedFlux, sersicSurfaceBrightness, validateSersic } from './sersic-profile.js';
export { sersicSurfaceBrightnessTabulated, sersicOfLogRadius } from './sersic-table.js';
export type { SersicProfile, SurfaceBrightness } from './sersic-profile.js';
export { spiralDiscSurfaceBrightness } from './spiral-arms.js';
export type { SpiralArms } from './spiral-arms.js';
export { sieDeflection, sieDeflectionBound, lensedSurfaceBrightness, sieConvergence } from './sie-lens.js';
export type { SieLens, Deflection, DeflectionBound } from './sie-lens.js';
export { pixelGrid, padGrid } from './pixel-grid.js';
export type { PixelGrid } from './pixel-grid.js';
export { renderSurfaceBrightness, makeRefiner } from './render-surface-brightness.js';
export { renderLensedSurfaceBrightness, sersicSupportRadius } from './render-lensed.js';
export type { SourceSupport } from './render-lensed.js';
export type { RenderOptions } from './render-surface-brightness.js';
export { PSF_KINDS, psfRadiusPixels, gaussianKernel1d, psfKernel2d, erf } from './psf.js';
export type { Psf, PsfKind } from './psf.js';
export { convolveSeparable, convolveSeparableCropped, convolveFft, convolvePsf } from './convolve.js';
export { BANDS, magnitudeToCounts, countsToMagnitude, parseBands } from './photometry.js';
export type { Band, Colour } from './photometry.js';
export { DEFAULT_OBSERVATION, observation, skyCountsPerPixel } from './observation.js';
export type { Observation } from './observation.js';
export { poisson, addPoissonNoise } from './poisson-noise.js';
export { renderScene } from './scene.js';
export type { Scene, SceneComponent, SersicShape, RenderedScene, RenderSceneOptions } from './scene.js';
export { SCENE_KINDS, drawLensScene, drawNonLensScene, withColour } from './scene-priors.js';
export type { SceneKind, DrawnScene } from './scene-priors.js';
export { LENS_LABELS, simulateLensCutout, simulateLensCutouts, simulateLensBatch, cutoutSeed } from './simulate-lenses.js';
export type { LensLabel, SimulateLensesOptions, SimulatedCutout } from './simulate-lenses.js';
export { catalogCsv } from './catalog-csv.js';
export type { CatalogRow } from './catalog-csv.js';
