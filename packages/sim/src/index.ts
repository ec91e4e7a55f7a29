/** @kenobi/sim: Mock strong lenses and galaxies: Sersic light, SIE + shear lens, PSF, noise, multi-band cutouts. */
export {};
