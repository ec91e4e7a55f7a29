/**
 * The app's decode worker (bundled by `scripts/app-build.ts` into `dist-app/decode-worker.js`): decodes one
 * dropped image at a time off the page's thread, so a file that hangs the decoder or takes all its memory
 * costs that file (the page stops and replaces the worker, see `WorkerDecoder`), not the page.
 */
import { answerDecodeRequest, type DecodeReply, type DecodeRequest } from '../images/decode-request.js';

/** The dedicated-worker global this module runs in (the DOM lib types `self` as a Window). */
const scope = globalThis as unknown as {
  onmessage: ((e: { data: DecodeRequest }) => void) | null;
  postMessage(message: DecodeReply, transfer: ArrayBuffer[]): void;
};

scope.onmessage = (e) => {
  void answerDecodeRequest(e.data).then(({ reply, transfer }) => scope.postMessage(reply, transfer));
};
