/** Test support: the public API the FitsFile tests use, in one import. Imported by tests only. */
export { openFits, readFitsStream } from '../fits-file.js';
export { writeFits } from '../writer.js';
export { selectPlane, get } from '../data/nd-array.js';
