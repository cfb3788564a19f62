/*
 * The RESP2/RESP3 scanner: plain C, no N-API. It reads bytes and writes a tape of
 * fixed-size entries for every value; JavaScript builds the values from the tape.
 *
 * A tape entry is four int32 slots: [kind | flags, offset, length-or-count-or-value, spare].
 * Offsets and string lengths are uint32 (a reply up to 4 GiB - 1); counts and values are int32.
 * Slots 2..3 of entry i are also the float64 at index 2*i+1 of the same memory, where an
 * integer that does not fit in int32 (but in 2^53) is stored.
 *
 * Offsets are relative to the start of the buffer JavaScript will build the reply from: the
 * current chunk, or for a reply that began in an earlier chunk, the concatenation of the
 * reply's bytes (see the result fields below).
 */
#ifndef RESP_SCANNER_H
#define RESP_SCANNER_H

#include <stddef.h>
#include <stdint.h>

enum resp_kind {
  K_SIMPLE = 1,     /* + : offset, length */
  K_ERROR = 2,      /* - : offset, length */
  K_INT = 3,        /* : fits int32: value in slot 2 */
  K_INT_F64 = 4,    /* : fits 2^53: value in the float64 over slots 2..3 */
  K_INT_BIG = 5,    /* : beyond 2^53: offset, length of the digits */
  K_BULK = 6,       /* $ : offset, length (also a part of a streamed bulk) */
  K_NULL = 7,       /* _ $-1 *-1 */
  K_BOOL = 8,       /* # : value in slot 2 */
  K_DOUBLE = 9,     /* , : offset, length of the text */
  K_BIGNUM = 10,    /* ( : offset, length of the digits */
  K_BULK_ERROR = 11,/* ! : offset, length */
  K_VERBATIM = 12,  /* = : offset, length (the payload, "fmt:" included) */
  K_ARRAY = 13,     /* * : count in slot 2 */
  K_MAP = 14,       /* % : pairs in slot 2 */
  K_SET = 15,       /* ~ : count in slot 2 */
  K_ATTRIBUTE = 16, /* | : pairs in slot 2 */
  K_PUSH = 17,      /* > : count in slot 2 */
  K_STREAMED = 18   /* $? : number of K_BULK parts that follow, in slot 2 */
};

#define F_ASCII 0x100 /* the string's bytes are all below 0x80 */
#define KIND_MASK 0xff

enum resp_status {
  S_OK = 0,        /* every byte consumed; see the result fields */
  S_TAPE_FULL = 1, /* grow the tape and call again with resume = 1 at result[R_RESUME] */
  S_ERROR = 2      /* protocol error: resp_error_code / resp_error_offset */
};

/* Result fields, written by resp_scan into the int32 result array. */
enum resp_result {
  R_DONE_ENTRIES = 0,  /* tape entries [0, n) belong to complete replies */
  R_FIRST_ENTRIES = 1, /* the first n of those belong to a reply begun in an earlier chunk */
  R_FIRST_END = 2,     /* ...which ends at this chunk position */
  R_PARTIAL = 3,       /* -1 none, -2 the whole chunk belongs to an unfinished reply, else its start */
  R_RESUME = 4,        /* chunk position to resume at after S_TAPE_FULL */
  R_TAPE_USED = 5,     /* entries in use (complete + partial) */
  R_DONE_END = 6,      /* chunk position after the last complete reply */
  R_ASCII_FIRST = 7,   /* ASCII strings over 8 bytes JS will decode, in the continued reply */
  R_ASCII_REST = 8,    /* ... and in the other complete replies */
  R_FIELDS = 12
};

enum resp_error {
  E_NONE = 0,
  E_TYPE,          /* unknown type byte */
  E_LINE,          /* a line not ending in \r\n */
  E_INTEGER,       /* bad integer */
  E_LENGTH,        /* bad or negative length */
  E_BULK_TOO_LONG, /* bulk length above maxBulkLength */
  E_COUNT,         /* aggregate count that cannot fit */
  E_DEPTH,         /* nesting deeper than maxDepth */
  E_BULK_END,      /* bulk string without its \r\n */
  E_DOUBLE,        /* bad double */
  E_BOOLEAN,       /* bad boolean */
  E_NULL,          /* bad null */
  E_BIGNUM,        /* bad big number */
  E_VERBATIM,      /* verbatim without "fmt:" */
  E_STREAM,        /* bad streamed form (';' or '.' out of place) */
  E_MAP,           /* streamed map with an odd number of elements */
  E_TOO_LARGE,     /* one reply longer than max_reply */
  E_MEMORY,        /* out of memory */
  E_LINE_TOO_LONG  /* a text line longer than maxLineLength */
};

typedef struct {
  int64_t remaining;  /* elements still expected; -1 for a streamed aggregate */
  int32_t entry;      /* tape index of the aggregate's entry */
  int32_t seen;       /* elements seen (streamed aggregates) */
  uint8_t kind;
} resp_frame;

enum resp_mode { M_LINE = 0, M_BODY, M_BODY_CR, M_BODY_LF };

typedef struct {
  /* the tape and result array (owned by JavaScript) */
  int32_t *tape;
  uint32_t cap;   /* entries */
  uint32_t used;  /* entries in use */
  uint32_t done;  /* entries of complete replies handed out by the last call */
  int32_t *result;

  /* options */
  int64_t max_bulk;
  int64_t max_reply; /* longest reply buffer JavaScript can make (at most 2^32 - 1: offsets are uint32) */
  int64_t max_line; /* longest text line (+ - : , (), type byte and CR LF not counted */
  uint32_t max_depth;
  uint8_t want_ascii; /* flag ASCII bulk strings (only worth it when they become strings) */

  /* idle chunk ends in a row since the line or stack buffer was last used beyond its ordinary size */
  uint32_t quiet_chunks;

  /* nesting */
  resp_frame *stack;
  uint32_t depth;
  uint32_t stack_cap;

  /* a bulk body being read */
  uint8_t mode;
  uint8_t body_kind;
  uint8_t body_ascii;
  uint8_t in_streamed; /* inside $? : only ';' lines may follow */
  uint8_t after_attribute; /* the last element inside the open aggregate was an attribute */
  int64_t body_left;   /* payload bytes still to come */
  int64_t body_seen;   /* payload bytes seen */
  uint32_t body_entry;
  uint32_t streamed_entry;
  int64_t streamed_total; /* bytes of a streamed string so far */

  /* a header line split across chunks */
  uint8_t *line;
  size_t line_len;
  size_t line_cap;
  int64_t line_rel; /* offset of the line's type byte, relative to the reply's buffer */
  int64_t line_abs; /* ... and in the stream */

  /* positions */
  int64_t carry;      /* bytes of the unfinished reply held by JavaScript from earlier chunks */
  int64_t reply_start;/* chunk position where the current reply began; -1: in an earlier chunk */
  uint8_t in_progress;/* some bytes of an unfinished reply have been seen */
  int64_t stream_pos; /* stream offset of the current chunk's first byte */
  int64_t chunk_len;

  int64_t ascii_reply; /* ASCII strings in the current reply (see R_ASCII_*) */

  int error_code;
  int64_t error_offset;
} resp_scanner;

void resp_init(resp_scanner *s, int64_t max_bulk, uint32_t max_depth);
void resp_reset(resp_scanner *s);
void resp_free(resp_scanner *s);
/* Drops the tape entries of the replies handed out by the last call (the next call would). */
void resp_drop_done(resp_scanner *s);
/* Heap bytes the scanner holds (its line and stack buffers; the tape is JavaScript's). */
size_t resp_buffer_bytes(const resp_scanner *s);
/* Scans buf[start, len). resume = 0 for a new chunk, 1 after S_TAPE_FULL. */
int resp_scan(resp_scanner *s, const uint8_t *buf, size_t len, size_t start, int resume);

#endif
