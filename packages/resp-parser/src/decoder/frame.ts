import type { RespValue } from '../types.js';

/**
 * One open aggregate on the decoder's stack. Frames are reused across replies (one per
 * nesting level), so a reply allocates only its own containers. `kind` is one of the decoder's
 * Kind values; `count` is the number of values expected in total (a map counts keys and
 * values), or -1 for a streamed aggregate that ends with `.`.
 */
export class Frame {
  kind = 0;
  count = 0;
  index = 0;
  items: RespValue[] = [];
  map: Map<RespValue, RespValue> | null = null;
  set: Set<RespValue> | null = null;
  key: RespValue = null;
  /** A streamed string's chunks so far, and their total length. */
  parts: Buffer[] | null = null;
  total = 0;
}
