/** Types for the parts of seek-bzip (CommonJS, untyped) that the Node entry uses. */
declare module 'seek-bzip' {
  const Bunzip: { decode(input: Uint8Array, output?: number | Uint8Array | { writeByte(b: number): void }, multistream?: boolean): Uint8Array | undefined };
  export default Bunzip;
}
