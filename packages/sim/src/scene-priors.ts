/**
 * The random draws behind the mock data set: what a lens, an elliptical and a spiral look like. Ranges are
 * loosely modelled on DES-like lens searches (massive red ellipticals at z ≈ 0.3–0.6 lensing blue
 * star-forming galaxies at z ≈ 1–2), chosen so arcs are visible but not always obvious, and so that
 * non-lenses sometimes carry blue companions that mimic arcs. They are priors for a demo, not a survey model.
 */
import type { SeededRandom } from '@kenobi/core';
import type { Band, Colour } from './photometry.js';
import type { Scene, SceneComponent, SersicShape } from './scene.js';
import type { SieLens } from './sie-lens.js';

/**
 * Kinds of simulated object.
 *
 * @example
 * ```ts
 * SCENE_KINDS; // ['lens', 'elliptical', 'spiral']
 * ```
 */
export const SCENE_KINDS = Object.freeze(['lens', 'elliptical', 'spiral'] as const);
/**
 * One of {@link SCENE_KINDS}.
 *
 * @example
 * ```ts
 * const kind: SceneKind = 'spiral';
 * ```
 */
export type SceneKind = (typeof SCENE_KINDS)[number];

/**
 * A drawn scene plus the truth a catalog records.
 *
 * @example
 * ```ts
 * const drawn: DrawnScene = drawLensScene(new SeededRandom(1)); drawn.scene.lens?.thetaE;
 * ```
 */
export interface DrawnScene {
  readonly kind: SceneKind;
  readonly scene: Scene;
  /** Einstein radius, arcsec (0 for non-lenses). */
  readonly thetaE: number;
  /** Index of the main (central) galaxy's components: its total magnitude is the "lens magnitude". */
  readonly mainComponents: readonly number[];
  /** Index of the lensed source component, or −1. */
  readonly sourceComponent: number;
  /** Number of unlensed blue companions. */
  readonly companions: number;
}

/** Red-sequence colours (g−r ≈ 1.2–1.6, r−i ≈ 0.4–0.6) and blue star-forming ones. */
function redColour(rng: SeededRandom): Colour {
  return { g: rng.uniformIn(1.2, 1.6), r: 0, i: -rng.uniformIn(0.4, 0.6) };
}
function blueColour(rng: SeededRandom): Colour {
  return { g: rng.uniformIn(0.05, 0.45), r: 0, i: -rng.uniformIn(-0.1, 0.25) };
}
function discColour(rng: SeededRandom): Colour {
  return { g: rng.uniformIn(0.5, 0.9), r: 0, i: -rng.uniformIn(0.2, 0.4) };
}

/**
 * Magnitudes per band from an r magnitude and a colour.
 *
 * @example
 * ```ts
 * withColour(20, { g: 1.4, r: 0, i: -0.5 }); // { g: 21.4, r: 20, i: 19.5 }
 * ```
 */
export function withColour(r: number, colour: Colour): Record<Band, number> {
  return { g: r + colour.g, r: r + colour.r, i: r + colour.i };
}

/** Total magnitude of components given in magnitudes (fluxes add). */
function splitFlux(rTotal: number, fraction: number): [number, number] {
  return [rTotal - 2.5 * Math.log10(fraction), rTotal - 2.5 * Math.log10(1 - fraction)];
}

function ellipticalShape(rng: SeededRandom): SersicShape {
  return { x: rng.normal() * 0.05, y: rng.normal() * 0.05, re: rng.uniformIn(0.6, 1.6), n: rng.uniformIn(3, 5), q: rng.uniformIn(0.6, 1), angle: rng.uniformIn(0, 180) };
}

function companions(rng: SeededRandom, probability: number): SceneComponent[] {
  const out: SceneComponent[] = [];
  if (rng.uniform() >= probability) return out;
  const count = 1 + rng.int(2);
  for (let k = 0; k < count; k++) {
    const r = rng.uniformIn(1.2, 3.5);
    const phi = rng.uniformIn(0, 2 * Math.PI);
    out.push({
      name: 'companion',
      shape: { x: r * Math.cos(phi), y: r * Math.sin(phi), re: rng.uniformIn(0.15, 0.5), n: rng.uniformIn(0.7, 2), q: rng.uniformIn(0.3, 1), angle: rng.uniformIn(0, 180) },
      magnitudes: withColour(rng.uniformIn(21, 23), blueColour(rng)),
    });
  }
  return out;
}

/**
 * A strong lens: a red elliptical whose SIE mass (aligned with its light, θ_E 0.8–2.5") plus shear lenses a
 * blue Sérsic source placed inside the tangential caustic region (|β| < 0.6 θ_E).
 *
 * @example
 * ```ts
 * const drawn = drawLensScene(new SeededRandom(3));
 * drawn.thetaE; // e.g. 1.43
 * ```
 */
export function drawLensScene(rng: SeededRandom): DrawnScene {
  const light = ellipticalShape(rng);
  const thetaE = rng.uniformIn(0.8, 2.5);
  const gamma = rng.uniformIn(0, 0.08);
  const gammaAngle = rng.uniformIn(0, Math.PI);
  const lens: SieLens = {
    thetaE,
    q: Math.min(1, Math.max(0.5, light.q + 0.05 * rng.normal())),
    angle: light.angle + 10 * rng.normal(),
    x: light.x,
    y: light.y,
    gamma1: gamma * Math.cos(2 * gammaAngle),
    gamma2: gamma * Math.sin(2 * gammaAngle),
  };
  const beta = 0.6 * thetaE * Math.sqrt(rng.uniform());
  const phi = rng.uniformIn(0, 2 * Math.PI);
  const source: SceneComponent = {
    name: 'source',
    shape: { x: light.x + beta * Math.cos(phi), y: light.y + beta * Math.sin(phi), re: rng.uniformIn(0.12, 0.45), n: rng.uniformIn(0.7, 2.5), q: rng.uniformIn(0.4, 1), angle: rng.uniformIn(0, 180) },
    magnitudes: withColour(rng.uniformIn(21.5, 24), blueColour(rng)),
    lensed: true,
  };
  const main: SceneComponent = { name: 'lens', shape: light, magnitudes: withColour(rng.uniformIn(18, 20.5), redColour(rng)) };
  return { kind: 'lens', scene: { lens, components: [main, source] }, thetaE, mainComponents: [0], sourceComponent: 1, companions: 0 };
}

/**
 * A non-lens: half ellipticals (as red as the lenses), half bulge + disc spirals with logarithmic arms; either
 * may carry 1–2 unlensed blue companions (probability 0.4), so "blue light near a red galaxy" alone does not
 * give the label away.
 *
 * @example
 * ```ts
 * drawNonLensScene(new SeededRandom(4)).kind; // 'elliptical' or 'spiral'
 * ```
 */
export function drawNonLensScene(rng: SeededRandom): DrawnScene {
  if (rng.uniform() < 0.5) {
    const main: SceneComponent = { name: 'elliptical', shape: ellipticalShape(rng), magnitudes: withColour(rng.uniformIn(18, 20.5), redColour(rng)) };
    const extra = companions(rng, 0.4);
    return { kind: 'elliptical', scene: { components: [main, ...extra] }, thetaE: 0, mainComponents: [0], sourceComponent: -1, companions: extra.length };
  }
  const angle = rng.uniformIn(0, 180);
  const q = rng.uniformIn(0.35, 1);
  const x = rng.normal() * 0.05;
  const y = rng.normal() * 0.05;
  const [bulgeR, discR] = splitFlux(rng.uniformIn(17.8, 20.3), rng.uniformIn(0.15, 0.5));
  const bulge: SceneComponent = { name: 'bulge', shape: { x, y, re: rng.uniformIn(0.3, 0.8), n: rng.uniformIn(2, 4), q: Math.min(1, q + 0.2), angle }, magnitudes: withColour(bulgeR, redColour(rng)) };
  const disc: SceneComponent = {
    name: 'disc',
    shape: { x, y, re: rng.uniformIn(1.2, 3), n: 1, q, angle },
    spiral: { arms: rng.uniform() < 0.7 ? 2 : 3, pitch: rng.uniformIn(12, 30), amplitude: rng.uniformIn(0.3, 0.8), phase: rng.uniformIn(0, 360) },
    magnitudes: withColour(discR, discColour(rng)),
  };
  const extra = companions(rng, 0.4);
  return { kind: 'spiral', scene: { components: [bulge, disc, ...extra] }, thetaE: 0, mainComponents: [0, 1], sourceComponent: -1, companions: extra.length };
}
