import type { RespValue } from '../types.js';

/** What an open frame on the decoder's stack is collecting. */
export const ARRAY = 0;
export const PUSH = 1;
export const MAP = 2;
export const SET = 3;
export const ATTRIBUTE = 4;
/** A streamed string (`$?`) collecting its `;` chunks. */
export const STREAMED_STRING = 5;

/** Counts above these cannot be a JavaScript array (2^32 - 1 elements) or its map of pairs. */
export const MAX_ELEMENTS = 0xffffffff;
export const MAX_PAIRS = 0x7fffffff;
/** Arrays up to this many elements are allocated at their full size up front; larger ones grow. */
export const PREALLOCATE_LIMIT = 1024;

/**
 * One open aggregate. Frames are reused across replies (one per nesting level), so a reply
 * allocates only its own containers. `count` is the number of values still expected in total
 * (a map counts keys and values), or -1 for a streamed aggregate that ends with `.`.
 */
export class Frame {
  kind = ARRAY;
  count = 0;
  index = 0;
  items: RespValue[] = [];
  map: Map<RespValue, RespValue> | null = null;
  set: Set<RespValue> | null = null;
  key: RespValue = null;
  parts: Buffer[] | null = null;
  total = 0;

  open(kind: number, count: number): void {
    this.kind = kind;
    this.index = 0;
    if (kind === MAP || kind === ATTRIBUTE) {
      this.count = count < 0 ? -1 : count * 2;
      this.map = new Map();
    } else if (kind === SET) {
      this.count = count;
      this.set = new Set();
    } else if (kind === STREAMED_STRING) {
      this.count = -1;
      this.parts = [];
      this.total = 0;
    } else {
      this.count = count;
      this.items = count > 0 && count <= PREALLOCATE_LIMIT ? new Array<RespValue>(count) : [];
    }
  }

  /** Hands out what the frame collected and drops every reference to it. */
  take(): RespValue[] | Map<RespValue, RespValue> | Set<RespValue> {
    const kind = this.kind;
    if (kind === MAP || kind === ATTRIBUTE) {
      const map = this.map!;
      this.map = null;
      this.key = null;
      return map;
    }
    if (kind === SET) {
      const set = this.set!;
      this.set = null;
      return set;
    }
    const items = this.items;
    this.items = [];
    return items;
  }
}
