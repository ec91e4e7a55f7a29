/** @kenobi/imaging: Astropy-exact intervals and stretches, Lupton RGB, raster decode, resize/crop, model preprocessing, seeded augmentation. */
export {};
