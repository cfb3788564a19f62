/**
 * The layout shared with native/scanner.h: tape entry kinds and flags, scan statuses, result
 * fields and error codes. Keep in step with the C header.
 */

/** Int32 slots per tape entry: [kind | flags, offset, length-or-count-or-value, spare]. */
export const ENTRY = 4;

export const K_SIMPLE = 1;
export const K_ERROR = 2;
export const K_INT = 3;
export const K_INT_F64 = 4;
export const K_INT_BIG = 5;
export const K_BULK = 6;
export const K_NULL = 7;
export const K_BOOL = 8;
export const K_DOUBLE = 9;
export const K_BIGNUM = 10;
export const K_BULK_ERROR = 11;
export const K_VERBATIM = 12;
export const K_ARRAY = 13;
export const K_MAP = 14;
export const K_SET = 15;
export const K_ATTRIBUTE = 16;
export const K_PUSH = 17;
export const K_STREAMED = 18;

export const F_ASCII = 0x100;
export const KIND_MASK = 0xff;

export const S_OK = 0;
export const S_TAPE_FULL = 1;
export const S_ERROR = 2;

export const R_DONE_ENTRIES = 0;
export const R_FIRST_ENTRIES = 1;
export const R_FIRST_END = 2;
export const R_PARTIAL = 3;
export const R_RESUME = 4;
export const R_TAPE_USED = 5;
export const R_DONE_END = 6;
export const R_ASCII_FIRST = 7;
export const R_ASCII_REST = 8;
export const R_FIELDS = 12;

/** R_PARTIAL: no unfinished reply / the whole chunk belongs to one begun earlier. */
export const PARTIAL_NONE = -1;
export const PARTIAL_CONTINUED = -2;

/** The scanner's error code for a reply longer than its limit (E_TOO_LARGE). */
export const E_TOO_LARGE = 16;

/** ProtocolError messages by scanner error code (enum resp_error). */
export const ERROR_MESSAGES: readonly string[] = [
  'Protocol error',
  'Unknown RESP type byte',
  'Line not terminated by CRLF',
  'Invalid integer',
  'Invalid length',
  'Bulk string longer than maxBulkLength',
  'Invalid aggregate count',
  'Nesting deeper than maxDepth',
  'Bulk string not terminated by CRLF',
  'Invalid double',
  'Invalid boolean',
  'Invalid null',
  'Invalid big number',
  'Verbatim string without a format',
  'Streamed form out of place',
  'Streamed map with a key and no value',
  'Reply longer than the native parser can hold', // completed with the limit by the parser
  'Out of memory while parsing',
  'Line longer than maxLineLength',
];
