/*
 * The RESP2/RESP3 scanner (see scanner.h). Resumable at any byte: a header line split
 * across chunks is kept in a small growable buffer, a bulk body only counts down, so each
 * byte is looked at once whatever the chunking (linear for a 100 MB bulk or a 1,000,000
 * element array). Nothing is allocated for a declared length or count.
 */
#include "scanner.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SAFE_INTEGER 9007199254740991ULL
/* Offsets and lengths are stored in int32 slots and read as uint32 by JavaScript: the largest
 * reply buffer (the caller may set a lower one, max_reply: Node's largest Buffer). */
#define MAX_OFFSET 0xffffffffLL
#define MAX_INT32 0x7fffffffLL
/* Largest aggregate count: the same bound as a bulk length (the server's own limit). */
#define MAX_COUNT 0x7fffffffLL
/* Strings up to this length are built in JavaScript byte by byte (not counted in R_ASCII_*). */
#define SHORT_STRING 8
/* Default maxLineLength, and the longest line of the types whose valid forms are short. */
#define DEFAULT_MAX_LINE (64 * 1024)
#define SYNTAX_LINE 64
/* The ordinary sizes of the line and stack buffers: grown beyond them by a long split line or a
 * deep reply, they are freed after SHRINK_AFTER chunks in a row end with no reply in progress and
 * did not use the extra room (so a steady stream of such replies does not reallocate each time). */
#define LINE_KEEP 4096
#define STACK_KEEP 64
#define SHRINK_AFTER 16

void resp_init(resp_scanner *s, int64_t max_bulk, uint32_t max_depth) {
  memset(s, 0, sizeof *s);
  s->max_bulk = max_bulk;
  s->max_depth = max_depth;
  s->max_line = DEFAULT_MAX_LINE;
  s->max_reply = MAX_OFFSET;
  s->want_ascii = 1;
  resp_reset(s);
}

/* Frees the line and stack buffers when they grew beyond their ordinary sizes. */
static void shrink_buffers(resp_scanner *s) {
  if (s->line_cap > LINE_KEEP) {
    free(s->line);
    s->line = NULL;
    s->line_cap = 0;
  }
  if (s->stack_cap > STACK_KEEP) {
    free(s->stack);
    s->stack = NULL;
    s->stack_cap = 0;
  }
}

void resp_reset(resp_scanner *s) {
  s->used = 0;
  s->done = 0;
  s->depth = 0;
  s->mode = M_LINE;
  s->in_streamed = 0;
  s->after_attribute = 0;
  s->line_len = 0;
  s->carry = 0;
  s->reply_start = 0;
  s->in_progress = 0;
  s->stream_pos = 0;
  s->chunk_len = 0;
  s->error_code = E_NONE;
  s->error_offset = 0;
  s->ascii_reply = 0;
  s->quiet_chunks = 0;
  shrink_buffers(s);
}

size_t resp_buffer_bytes(const resp_scanner *s) {
  return s->line_cap + (size_t)s->stack_cap * sizeof(resp_frame);
}

void resp_free(resp_scanner *s) {
  free(s->line);
  free(s->stack);
  s->line = NULL;
  s->stack = NULL;
  s->line_cap = 0;
  s->stack_cap = 0;
}

static int fail(resp_scanner *s, int code, int64_t offset) {
  s->error_code = code;
  s->error_offset = offset;
  return S_ERROR;
}

/* Whether n bytes are all below 0x80, 64 bytes at a time (about twice a word-at-a-time loop). */
static int is_ascii(const uint8_t *p, size_t n) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    uint64_t w[8];
    memcpy(w, p + i, 64);
    if ((w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) & 0x8080808080808080ULL) return 0;
  }
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; i++) acc |= p[i];
  return (acc & 0x8080808080808080ULL) == 0;
}

static uint32_t emit(resp_scanner *s, int32_t kind, int64_t offset, int32_t value) {
  uint32_t i = s->used++;
  int32_t *e = s->tape + (size_t)i * 4;
  e[0] = kind;
  e[1] = (int32_t)(uint32_t)offset; /* read back as uint32 */
  e[2] = value;
  e[3] = 0;
  return i;
}

static void emit_f64(resp_scanner *s, double value) {
  uint32_t i = s->used++;
  int32_t *e = s->tape + (size_t)i * 4;
  e[0] = K_INT_F64;
  e[1] = 0;
  memcpy(e + 2, &value, sizeof value);
}

/*
 * A value ended at chunk position pos. Walks up the open aggregates it completes; an
 * attribute is never an element of anything. At the top, a finished reply is recorded.
 */
static int complete(resp_scanner *s, int is_attribute, size_t pos) {
  s->after_attribute = 0;
  for (;;) {
    if (s->depth == 0) {
      if (is_attribute) return S_OK; /* the reply it annotates follows */
      if (s->reply_start < 0) {
        if (s->carry + (int64_t)pos > s->max_reply) return fail(s, E_TOO_LARGE, s->stream_pos + (int64_t)pos);
        s->result[R_FIRST_ENTRIES] = (int32_t)s->used;
        s->result[R_FIRST_END] = (int32_t)pos;
        s->result[R_ASCII_FIRST] = (int32_t)(s->ascii_reply > MAX_INT32 ? MAX_INT32 : s->ascii_reply);
        s->carry = 0;
      } else {
        s->result[R_ASCII_REST] += (int32_t)s->ascii_reply;
      }
      s->ascii_reply = 0;
      s->result[R_DONE_ENTRIES] = (int32_t)s->used;
      s->result[R_DONE_END] = (int32_t)pos;
      s->reply_start = (int64_t)pos;
      return S_OK;
    }
    if (is_attribute) {
      s->after_attribute = 1; /* the element it describes is owed */
      return S_OK;
    }
    resp_frame *f = &s->stack[s->depth - 1];
    f->seen++;
    if (f->remaining < 0) return S_OK; /* streamed: ends with '.' */
    if (--f->remaining > 0) return S_OK;
    s->depth--;
    is_attribute = f->kind == K_ATTRIBUTE;
  }
}

static int open_frame(resp_scanner *s, uint8_t kind, int64_t remaining, uint32_t entry, int64_t abs) {
  if (s->depth >= s->max_depth) return fail(s, E_DEPTH, abs);
  if (s->depth >= STACK_KEEP) s->quiet_chunks = 0;
  if (s->depth == s->stack_cap) {
    uint32_t cap = s->stack_cap ? s->stack_cap * 2 : 16;
    resp_frame *stack = realloc(s->stack, (size_t)cap * sizeof *stack);
    if (!stack) return fail(s, E_MEMORY, abs);
    s->stack = stack;
    s->stack_cap = cap;
  }
  resp_frame *f = &s->stack[s->depth++];
  s->after_attribute = 0;
  f->remaining = remaining;
  f->entry = (int32_t)entry;
  f->seen = 0;
  f->kind = kind;
  return S_OK;
}

/* The lines whose length only maxLineLength bounds: simple strings, errors, integers, doubles, big numbers. */
static int is_text_line(uint8_t type) {
  return type == '+' || type == '-' || type == ':' || type == ',' || type == '(';
}

static int is_type_byte(uint8_t type) {
  switch (type) {
    case '+': case '-': case ':': case '$': case '*': case '%': case '~': case '|': case '>':
    case '_': case '#': case ',': case '(': case '!': case '=': case ';': case '.':
      return 1;
    default:
      return 0;
  }
}

/* Unsigned decimal digits only, at least one, at most 18 (the callers' bounds are far lower). */
static int parse_length(const uint8_t *c, size_t n, int64_t *out) {
  if (n == 0 || n > 18) return 0;
  int64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)c[i] - '0';
    if (d > 9) return 0;
    v = v * 10 + d;
  }
  *out = v;
  return 1;
}

/* [+-]? digits: sets *digits to where the digits start. */
static int signed_digits(const uint8_t *c, size_t n, size_t *digits) {
  size_t i = (n > 0 && (c[0] == '-' || c[0] == '+')) ? 1 : 0;
  if (i == n) return 0;
  *digits = i;
  for (; i < n; i++)
    if ((unsigned)c[i] - '0' > 9) return 0;
  return 1;
}

static int emit_integer(resp_scanner *s, const uint8_t *c, size_t n, int64_t rel, int64_t abs) {
  size_t d;
  if (!signed_digits(c, n, &d)) return fail(s, E_INTEGER, abs);
  int negative = c[0] == '-';
  size_t i = d;
  while (i + 1 < n && c[i] == '0') i++; /* leading zeros do not count */
  if (n - i > 16) {
    emit(s, K_INT_BIG, rel + 1, (int32_t)n);
    return S_OK;
  }
  uint64_t v = 0;
  for (; i < n; i++) v = v * 10 + (uint64_t)(c[i] - '0');
  if (v > MAX_SAFE_INTEGER) {
    emit(s, K_INT_BIG, rel + 1, (int32_t)n);
  } else if (v <= 0x7fffffffULL) { /* -0 is the integer 0 */
    emit(s, K_INT, 0, negative ? -(int32_t)v : (int32_t)v);
  } else {
    emit_f64(s, negative ? -(double)v : (double)v);
  }
  return S_OK;
}

static int ascii_word(const uint8_t *c, size_t n, const char *word) {
  size_t len = strlen(word);
  if (n != len) return 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t ch = c[i];
    if (ch >= 'A' && ch <= 'Z') ch = (uint8_t)(ch + 32);
    if (ch != (uint8_t)word[i]) return 0;
  }
  return 1;
}

/* RESP3 double: [+-]? (digits [. digits] | . digits) [(e|E) [+-]? digits] | [+-]?inf | nan. */
static int valid_double(const uint8_t *c, size_t n) {
  size_t i = 0;
  if (i < n && (c[i] == '-' || c[i] == '+')) i++;
  if (ascii_word(c + i, n - i, "inf") || ascii_word(c + i, n - i, "nan")) return 1;
  size_t int_digits = 0, frac_digits = 0;
  while (i < n && (unsigned)c[i] - '0' <= 9) i++, int_digits++;
  if (i < n && c[i] == '.') {
    i++;
    while (i < n && (unsigned)c[i] - '0' <= 9) i++, frac_digits++;
  }
  if (int_digits + frac_digits == 0) return 0;
  if (i < n && (c[i] == 'e' || c[i] == 'E')) {
    i++;
    if (i < n && (c[i] == '-' || c[i] == '+')) i++;
    size_t exp_digits = 0;
    while (i < n && (unsigned)c[i] - '0' <= 9) i++, exp_digits++;
    if (exp_digits == 0) return 0;
  }
  return i == n;
}

static int start_body(resp_scanner *s, uint8_t kind, int64_t length, int64_t rel, size_t after, int64_t abs) {
  if (rel + length + 2 > s->max_reply) return fail(s, E_TOO_LARGE, abs);
  if (kind == K_VERBATIM && length < 4) return fail(s, E_VERBATIM, abs);
  s->body_entry = emit(s, kind, rel, (int32_t)(uint32_t)length);
  s->body_kind = kind;
  s->body_left = length;
  s->body_seen = 0;
  s->body_ascii = 1;
  s->mode = length > 0 ? M_BODY : M_BODY_CR;
  (void)after;
  return S_OK;
}

/* $ ! = ; headers: the length of the body that follows. */
static int bulk_header(resp_scanner *s, uint8_t type, const uint8_t *c, size_t n, size_t after, int64_t abs) {
  int64_t rel = s->carry + (int64_t)after;
  if (type == ';') {
    int64_t length;
    if (!parse_length(c, n, &length)) return fail(s, E_LENGTH, abs);
    if (length > s->max_bulk - s->streamed_total) return fail(s, E_BULK_TOO_LONG, abs);
    s->streamed_total += length;
    if (length == 0) {
      s->in_streamed = 0;
      return complete(s, 0, after);
    }
    return start_body(s, K_BULK, length, rel, after, abs);
  }
  if (type == '$' && n == 1 && c[0] == '?') {
    s->streamed_entry = emit(s, K_STREAMED, 0, 0);
    s->in_streamed = 1;
    s->streamed_total = 0;
    return S_OK;
  }
  if (type == '$' && n == 2 && c[0] == '-' && c[1] == '1') {
    emit(s, K_NULL, 0, 0);
    return complete(s, 0, after);
  }
  int64_t length;
  if (!parse_length(c, n, &length)) return fail(s, E_LENGTH, abs);
  if (length > s->max_bulk) return fail(s, E_BULK_TOO_LONG, abs);
  uint8_t kind = type == '$' ? K_BULK : type == '!' ? K_BULK_ERROR : K_VERBATIM;
  return start_body(s, kind, length, rel, after, abs);
}

static uint8_t aggregate_kind(uint8_t type) {
  switch (type) {
    case '*': return K_ARRAY;
    case '%': return K_MAP;
    case '~': return K_SET;
    case '|': return K_ATTRIBUTE;
    default: return K_PUSH;
  }
}

static int aggregate_header(resp_scanner *s, uint8_t type, const uint8_t *c, size_t n, size_t after, int64_t abs) {
  uint8_t kind = aggregate_kind(type);
  int pairs = kind == K_MAP || kind == K_ATTRIBUTE;
  if (n == 1 && c[0] == '?' && (type == '*' || type == '%' || type == '~')) {
    uint32_t e = emit(s, kind, 0, 0);
    return open_frame(s, kind, -1, e, abs);
  }
  if (type == '*' && n == 2 && c[0] == '-' && c[1] == '1') {
    emit(s, K_NULL, 0, 0);
    return complete(s, 0, after);
  }
  int64_t count;
  if (!parse_length(c, n, &count)) return fail(s, E_COUNT, abs);
  if (count > MAX_COUNT) return fail(s, E_COUNT, abs);
  uint32_t e = emit(s, kind, 0, (int32_t)count);
  if (count == 0) return complete(s, kind == K_ATTRIBUTE, after);
  return open_frame(s, kind, pairs ? count * 2 : count, e, abs);
}

static int stream_end(resp_scanner *s, size_t n, size_t after, int64_t abs) {
  if (n != 0 || s->depth == 0) return fail(s, E_STREAM, abs);
  resp_frame *f = &s->stack[s->depth - 1];
  if (f->remaining >= 0 || s->after_attribute) return fail(s, E_STREAM, abs); /* an attribute describes no '.' */
  int pairs = f->kind == K_MAP;
  if (pairs && (f->seen & 1)) return fail(s, E_MAP, abs);
  s->tape[(size_t)f->entry * 4 + 2] = pairs ? f->seen / 2 : f->seen;
  s->depth--;
  return complete(s, 0, after);
}

/* One whole header line (type byte .. before \r). rel/abs: where its type byte is. */
static int process_line(resp_scanner *s, const uint8_t *line, size_t n, int64_t rel, int64_t abs, size_t after) {
  if (n == 0) return fail(s, E_TYPE, abs);
  uint8_t type = line[0];
  const uint8_t *c = line + 1;
  size_t cn = n - 1;
  if (s->in_streamed && type != ';') return fail(s, E_STREAM, abs);
  if (is_text_line(type) && (int64_t)cn > s->max_line) return fail(s, E_LINE_TOO_LONG, abs);
  switch (type) {
    case '+':
    case '-': {
      int32_t kind = type == '+' ? K_SIMPLE : K_ERROR;
      int ascii = (int64_t)cn <= MAX_INT32 && is_ascii(c, cn); /* JS reads a flagged length signed */
      if (ascii && cn > SHORT_STRING) s->ascii_reply++;
      emit(s, kind | (ascii ? F_ASCII : 0), rel + 1, (int32_t)(uint32_t)cn);
      return complete(s, 0, after);
    }
    case ':': {
      int rc = emit_integer(s, c, cn, rel, abs);
      return rc ? rc : complete(s, 0, after);
    }
    case '$':
    case '!':
    case '=':
      return bulk_header(s, type, c, cn, after, abs);
    case ';':
      if (!s->in_streamed) return fail(s, E_STREAM, abs);
      return bulk_header(s, type, c, cn, after, abs);
    case '*':
    case '%':
    case '~':
    case '|':
    case '>':
      return aggregate_header(s, type, c, cn, after, abs);
    case '_':
      if (cn != 0) return fail(s, E_NULL, abs);
      emit(s, K_NULL, 0, 0);
      return complete(s, 0, after);
    case '#':
      if (cn != 1 || (c[0] != 't' && c[0] != 'f')) return fail(s, E_BOOLEAN, abs);
      emit(s, K_BOOL, 0, c[0] == 't');
      return complete(s, 0, after);
    case ',':
      if (!valid_double(c, cn)) return fail(s, E_DOUBLE, abs);
      emit(s, K_DOUBLE, rel + 1, (int32_t)(uint32_t)cn);
      return complete(s, 0, after);
    case '(': {
      size_t d;
      if (!signed_digits(c, cn, &d)) return fail(s, E_BIGNUM, abs);
      emit(s, K_BIGNUM, rel + 1, (int32_t)(uint32_t)cn);
      return complete(s, 0, after);
    }
    case '.':
      return stream_end(s, cn, after, abs);
    default:
      return fail(s, E_TYPE, abs);
  }
}

static int stash(resp_scanner *s, const uint8_t *p, size_t n, int64_t abs) {
  /* The line's text so far (after its type byte, before a CR at its end) is judged before it is kept. */
  if (n > 0) {
    uint8_t type = s->line_len > 0 ? s->line[0] : p[0];
    int64_t text = (int64_t)(s->line_len + n) - 1 - (p[n - 1] == '\r' ? 1 : 0);
    if (is_text_line(type) ? text > s->max_line : text > SYNTAX_LINE) return fail(s, E_LINE_TOO_LONG, abs);
  }
  if (s->line_len + n > LINE_KEEP) s->quiet_chunks = 0;
  if (s->line_len + n > s->line_cap) {
    size_t cap = s->line_cap ? s->line_cap : 64;
    while (cap < s->line_len + n) cap *= 2;
    uint8_t *line = realloc(s->line, cap);
    if (!line) return fail(s, E_MEMORY, abs);
    s->line = line;
    s->line_cap = cap;
  }
  memcpy(s->line + s->line_len, p, n);
  s->line_len += n;
  return S_OK;
}

/* The bytes of a bulk body; returns the new position. */
static int body(resp_scanner *s, const uint8_t *buf, size_t len, size_t *pos) {
  size_t p = *pos;
  if (s->mode == M_BODY) {
    size_t avail = len - p;
    size_t take = (uint64_t)s->body_left < avail ? (size_t)s->body_left : avail;
    if (s->body_kind == K_VERBATIM && s->body_seen <= 3 && s->body_seen + (int64_t)take > 3) {
      if (buf[p + (size_t)(3 - s->body_seen)] != ':')
        return fail(s, E_VERBATIM, s->stream_pos + (int64_t)p + (3 - s->body_seen));
    }
    if (s->body_ascii && s->want_ascii && take && !is_ascii(buf + p, take)) s->body_ascii = 0;
    p += take;
    s->body_left -= (int64_t)take;
    s->body_seen += (int64_t)take;
    *pos = p;
    if (s->body_left > 0) return S_OK;
    s->mode = M_BODY_CR;
    if (p == len) return S_OK;
  }
  if (s->mode == M_BODY_CR) {
    if (buf[p] != '\r') return fail(s, E_BULK_END, s->stream_pos + (int64_t)p);
    p++;
    s->mode = M_BODY_LF;
    *pos = p;
    if (p == len) return S_OK;
  }
  if (buf[p] != '\n') return fail(s, E_BULK_END, s->stream_pos + (int64_t)p);
  p++;
  *pos = p;
  s->mode = M_LINE;
  if (s->body_ascii && s->want_ascii && !s->in_streamed && s->body_seen <= MAX_INT32) {
    s->tape[(size_t)s->body_entry * 4] |= F_ASCII;
    if (s->body_seen > SHORT_STRING) s->ascii_reply++;
  }
  if (s->in_streamed) {
    s->tape[(size_t)s->streamed_entry * 4 + 2] += 1;
    return S_OK;
  }
  return complete(s, 0, p);
}

void resp_drop_done(resp_scanner *s) {
  if (s->done > 0) { /* drop the entries handed out last time; keep the unfinished reply's */
    uint32_t d = s->done;
    memmove(s->tape, s->tape + (size_t)d * 4, (size_t)(s->used - d) * 4 * sizeof(int32_t));
    s->used -= d;
    s->done = 0;
    for (uint32_t i = 0; i < s->depth; i++) s->stack[i].entry -= (int32_t)d;
    s->body_entry -= d;
    s->streamed_entry -= d;
  }
}

static void begin_chunk(resp_scanner *s, size_t len) {
  resp_drop_done(s);
  s->stream_pos += s->chunk_len;
  s->chunk_len = (int64_t)len;
  s->reply_start = s->in_progress ? -1 : 0;
  s->result[R_DONE_ENTRIES] = 0;
  s->result[R_FIRST_ENTRIES] = 0;
  s->result[R_FIRST_END] = 0;
  s->result[R_PARTIAL] = -1;
  s->result[R_DONE_END] = 0;
  s->result[R_ASCII_FIRST] = 0;
  s->result[R_ASCII_REST] = 0;
}

static int end_chunk(resp_scanner *s, size_t len) {
  s->done = (uint32_t)s->result[R_DONE_ENTRIES];
  s->result[R_TAPE_USED] = (int32_t)s->used;
  if (s->reply_start < 0) {
    s->result[R_PARTIAL] = -2;
    s->carry += (int64_t)len;
    s->in_progress = 1;
  } else if (s->reply_start < (int64_t)len) {
    int32_t start = (int32_t)s->reply_start;
    s->result[R_PARTIAL] = start;
    for (uint32_t i = s->done; i < s->used; i++) {
      int32_t *offset = s->tape + (size_t)i * 4 + 1;
      *offset = (int32_t)((uint32_t)*offset - (uint32_t)start);
    }
    if (s->line_len > 0) s->line_rel -= start;
    s->carry = (int64_t)len - start;
    s->in_progress = 1;
  } else {
    s->result[R_PARTIAL] = -1;
    s->carry = 0;
    s->in_progress = 0;
    if ((s->line_cap > LINE_KEEP || s->stack_cap > STACK_KEEP) && ++s->quiet_chunks >= SHRINK_AFTER) {
      s->quiet_chunks = 0;
      shrink_buffers(s);
    }
  }
  if (s->in_progress && s->carry > s->max_reply) return fail(s, E_TOO_LARGE, s->stream_pos + (int64_t)len);
  return S_OK;
}

/* Whether n bytes are all below 0x80: short strings (keys, fields, small values) inline. */
static inline int ascii_bytes(const uint8_t *p, size_t n) {
  if (n > 16) return is_ascii(p, n);
  uint8_t high = 0;
  for (size_t i = 0; i < n; i++) high |= p[i];
  return high < 0x80;
}

/* What a run of elements needs from the scanner, in locals: the tape writes (int32) may alias
 * the scanner's own fields, so reading them from *s after each write would reload them. */
typedef struct {
  const uint8_t *buf;
  size_t len;
  int64_t carry, max_bulk, max_reply, max_line;
  int want_ascii;
  int64_t ascii; /* ASCII strings over SHORT_STRING bytes seen in the run */
} run_ctx;

/*
 * The common elements of big replies, whole inside the chunk: a bulk string ($n, body, CRLF),
 * a simple string or a small integer. Writes the entry e and returns the position after it,
 * or 0 to let the general path (which accepts and rejects exactly the same inputs) handle it.
 */
static inline size_t fast_element(run_ctx *c, int32_t *e, size_t p) {
  const uint8_t *buf = c->buf;
  const size_t len = c->len;
  uint8_t type = buf[p];
  if (type == '$' && len - p >= 6) {
    /* a one-digit length (keys, fields, small values): a branch-light path */
    unsigned length = (unsigned)buf[p + 1] - '0';
    if (length <= 9 && buf[p + 2] == '\r') {
      size_t end = p + 4 + length;
      if (buf[p + 3] != '\n' || end + 2 > len || buf[end] != '\r' || buf[end + 1] != '\n' ||
          (int64_t)length > c->max_bulk || c->carry + (int64_t)end + 2 > c->max_reply)
        return 0;
      const uint8_t *body = buf + p + 4;
      uint8_t high = 0;
      for (unsigned k = 0; k < length; k++) high |= body[k];
      int32_t kind = K_BULK;
      if (c->want_ascii && high < 0x80) {
        kind |= F_ASCII;
        if (length > SHORT_STRING) c->ascii++;
      }
      e[0] = kind;
      e[1] = (int32_t)(uint32_t)(c->carry + (int64_t)p + 4);
      e[2] = (int32_t)length;
      e[3] = 0;
      return end + 2;
    }
  }
  if (type == '$') {
    size_t i = p + 1;
    int64_t length = 0;
    while (i < len && i - p <= 18 && (unsigned)buf[i] - '0' <= 9) length = length * 10 + (buf[i++] - '0');
    if (i == p + 1 || i + 1 >= len || buf[i] != '\r' || buf[i + 1] != '\n' || length > c->max_bulk) return 0;
    size_t body = i + 2;
    if ((uint64_t)(len - body) < (uint64_t)length + 2) return 0;
    size_t end = body + (size_t)length;
    if (buf[end] != '\r' || buf[end + 1] != '\n' || c->carry + (int64_t)end + 2 > c->max_reply) return 0;
    int32_t kind = K_BULK;
    if (c->want_ascii && ascii_bytes(buf + body, (size_t)length)) {
      kind |= F_ASCII;
      if (length > SHORT_STRING) c->ascii++;
    }
    e[0] = kind;
    e[1] = (int32_t)(uint32_t)(c->carry + (int64_t)body);
    e[2] = (int32_t)length;
    e[3] = 0;
    return end + 2;
  }
  if (type == '+') {
    size_t i = p + 1;
    uint8_t high = 0;
    while (i < len && buf[i] != '\r') high |= buf[i++];
    if (i + 1 >= len || buf[i + 1] != '\n' || c->carry + (int64_t)i + 2 > c->max_reply) return 0;
    size_t n = i - p - 1;
    if ((int64_t)n > c->max_line) return 0;
    int ascii = high < 0x80;
    if (ascii && n > SHORT_STRING) c->ascii++;
    e[0] = K_SIMPLE | (ascii ? F_ASCII : 0);
    e[1] = (int32_t)(uint32_t)(c->carry + (int64_t)p + 1);
    e[2] = (int32_t)(uint32_t)n;
    e[3] = 0;
    return i + 2;
  }
  if (type == ':') {
    size_t i = p + 1;
    int negative = i < len && buf[i] == '-';
    if (negative) i++;
    size_t digits = i;
    int32_t value = 0;
    while (i < len && i - digits < 9 && (unsigned)buf[i] - '0' <= 9) value = value * 10 + (buf[i++] - '0');
    if (i == digits || i + 1 >= len || buf[i] != '\r' || buf[i + 1] != '\n' || (int64_t)(i - p - 1) > c->max_line) return 0;
    e[0] = K_INT;
    e[1] = 0;
    e[2] = negative ? -value : value;
    e[3] = 0;
    return i + 2;
  }
  return 0;
}

/*
 * As many fast elements as follow one another from p (while the tape has room). An element
 * that is not the last of its open counted aggregate (or is in a streamed one) is completed
 * here, as complete() would; any other goes through complete(). Returns the position after
 * the run (p itself when the element at p is not a fast one); *rc: complete()'s error.
 */
static size_t fast_run(resp_scanner *s, const uint8_t *buf, size_t len, size_t p, int *rc) {
  run_ctx c = {buf, len, s->carry, s->max_bulk, s->max_reply, s->max_line, s->want_ascii, 0};
  int32_t *tape = s->tape;
  uint32_t used = s->used;
  const uint32_t cap = s->cap;
  /* the open aggregate's counters, in locals while the run completes its elements */
  resp_frame *f = s->depth > 0 ? &s->stack[s->depth - 1] : NULL;
  int64_t remaining = f ? f->remaining : 0;
  int32_t seen = f ? f->seen : 0;
  /* top-level replies the run completed, recorded in the result fields when it ends */
  int done = 0;
  uint32_t done_used = 0;
  size_t done_end = 0;
  int64_t done_ascii = 0;
  *rc = S_OK;
  while (p < len && used < cap) {
    size_t next = fast_element(&c, tape + (size_t)used * 4, p);
    if (!next) break;
    used++;
    p = next;
    if (f != NULL) {
      if (remaining != 1) { /* not the last element of its aggregate */
        seen++;
        if (remaining > 0) remaining--;
        s->after_attribute = 0;
        continue;
      }
    } else if (s->reply_start >= 0) { /* a whole top-level reply, as complete() records one */
      done = 1;
      done_used = used;
      done_end = next;
      done_ascii += s->ascii_reply + c.ascii;
      s->ascii_reply = 0;
      c.ascii = 0;
      s->after_attribute = 0;
      continue;
    }
    if (f != NULL) {
      f->remaining = remaining;
      f->seen = seen;
    }
    if (done) {
      done = 0;
      s->result[R_ASCII_REST] += (int32_t)done_ascii;
      s->result[R_DONE_ENTRIES] = (int32_t)done_used;
      s->result[R_DONE_END] = (int32_t)done_end;
      s->reply_start = (int64_t)done_end;
      done_ascii = 0;
    }
    s->used = used;
    s->ascii_reply += c.ascii;
    c.ascii = 0;
    if ((*rc = complete(s, 0, next))) return p;
    c.carry = s->carry; /* complete() may end the continued reply (carry 0) */
    f = s->depth > 0 ? &s->stack[s->depth - 1] : NULL;
    remaining = f ? f->remaining : 0;
    seen = f ? f->seen : 0;
  }
  if (f != NULL) {
    f->remaining = remaining;
    f->seen = seen;
  }
  if (done) {
    s->result[R_ASCII_REST] += (int32_t)done_ascii;
    s->result[R_DONE_ENTRIES] = (int32_t)done_used;
    s->result[R_DONE_END] = (int32_t)done_end;
    s->reply_start = (int64_t)done_end;
  }
  s->used = used;
  s->ascii_reply += c.ascii;
  return p;
}

int resp_scan(resp_scanner *s, const uint8_t *buf, size_t len, size_t start, int resume) {
  if (!resume) {
    if (len == 0) return S_OK;
    begin_chunk(s, len);
  }
  size_t p = start;
  int rc;
  while (p < len) {
    if (s->mode != M_LINE) {
      if ((rc = body(s, buf, len, &p))) return rc;
      continue;
    }
    if (s->used + 1 > s->cap) {
      s->result[R_RESUME] = (int32_t)p;
      return S_TAPE_FULL;
    }
    if (s->line_len == 0 && !s->in_streamed) {
      size_t next = fast_run(s, buf, len, p, &rc);
      if (rc) return rc;
      if (next != p) {
        p = next;
        continue;
      }
    }
    const uint8_t *line;
    size_t n, after;
    int64_t rel, abs;
    if (s->line_len == 0) {
      /* The type byte is judged first, before looking for the line's end. */
      if (s->in_streamed ? buf[p] != ';' : !is_type_byte(buf[p]))
        return fail(s, s->in_streamed ? E_STREAM : E_TYPE, s->stream_pos + (int64_t)p);
      const uint8_t *cr = memchr(buf + p, '\r', len - p);
      if (!cr || cr + 1 == buf + len) { /* the line goes on in the next chunk */
        s->line_rel = s->carry + (int64_t)p;
        s->line_abs = s->stream_pos + (int64_t)p;
        if ((rc = stash(s, buf + p, len - p, s->line_abs))) return rc;
        p = len;
        break;
      }
      if (cr[1] != '\n') return fail(s, E_LINE, s->stream_pos + (cr - buf) + 1);
      line = buf + p;
      n = (size_t)(cr - line);
      rel = s->carry + (int64_t)p;
      abs = s->stream_pos + (int64_t)p;
      after = (size_t)(cr - buf) + 2;
    } else if (s->line[s->line_len - 1] == '\r') {
      if (buf[p] != '\n') return fail(s, E_LINE, s->stream_pos + (int64_t)p);
      line = s->line;
      n = s->line_len - 1;
      rel = s->line_rel;
      abs = s->line_abs;
      after = p + 1;
      s->line_len = 0;
    } else {
      const uint8_t *cr = memchr(buf + p, '\r', len - p);
      if (!cr || cr + 1 == buf + len) {
        if ((rc = stash(s, buf + p, len - p, s->line_abs))) return rc;
        p = len;
        break;
      }
      if (cr[1] != '\n') return fail(s, E_LINE, s->stream_pos + (cr - buf) + 1);
      if ((rc = stash(s, buf + p, (size_t)(cr - (buf + p)), s->line_abs))) return rc;
      line = s->line;
      n = s->line_len;
      rel = s->line_rel;
      abs = s->line_abs;
      after = (size_t)(cr - buf) + 2;
      s->line_len = 0;
    }
    if ((rc = process_line(s, line, n, rel, abs, after))) return rc;
    p = after;
  }
  return end_chunk(s, len);
}
