/** Types for the parts of seek-bzip (CommonJS, untyped) that the Node entry uses. */
declare module 'seek-bzip' {
  const Bunzip: { decode(input: Uint8Array, output?: unknown, multistream?: boolean): Uint8Array };
  export default Bunzip;
}
