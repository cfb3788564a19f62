/*
 * N-API glue for the scanner. Deliberately thin: it never creates a JavaScript value for a
 * reply. One scan() call a socket chunk writes the tape into an Int32Array owned by
 * JavaScript; JavaScript builds the values (creating them from C one call at a time is what
 * made hiredis slower than JavaScript parsers in Node).
 *
 *   create(maxBulkLength, maxDepth, wantAscii, tape: Int32Array, result: Int32Array, maxLineLength,
 *          maxReplyLength) -> scan
 *   scan(chunk) -> 0 ok, 1 tape full, 2 protocol error: a function bound to one scanner (the
 *     scanner is wrapped in it), so the per-chunk call unwraps nothing and checks one argument
 *   resume(scan, chunk, start) -> status         after growing the tape on "tape full"
 *   setTape(scan, tape: Int32Array)   the unfinished reply's entries are copied to its start
 *   reset(scan)
 *   errorCode(scan) -> number, errorOffset(scan) -> number
 *   bufferBytes(scan) -> heap bytes of the scanner's own line and stack buffers
 */
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "scanner.h"

#define CHECK(call)                                                         \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error(env, "AREDIS_ERR_NATIVE", "resp-parser-native: " #call " failed"); \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

static void finalize_scanner(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  resp_scanner *s = data;
  resp_free(s);
  free(s);
}

static napi_value int32_value(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

static int int32_array(napi_env env, napi_value value, int32_t **data, size_t *length) {
  napi_typedarray_type type;
  void *ptr;
  if (napi_get_typedarray_info(env, value, &type, length, &ptr, NULL, NULL) != napi_ok) return 0;
  if (type != napi_int32_array) return 0;
  *data = ptr;
  return 1;
}

static resp_scanner *scanner_of(napi_env env, napi_value handle) {
  void *data = NULL;
  if (napi_unwrap(env, handle, &data) != napi_ok) return NULL;
  return data;
}

/* The per-chunk call: scan(chunk). */
static napi_value scan_chunk(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  void *self;
  void *data;
  size_t len;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, &self) != napi_ok || argc != 1 ||
      napi_get_buffer_info(env, arg, &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "scan(Buffer)");
    return NULL;
  }
  return int32_value(env, resp_scan(self, data, len, 0, 0));
}

static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 7) {
    napi_throw_type_error(env, NULL, "create() needs 7 arguments");
    return NULL;
  }
  double max_bulk;
  uint32_t max_depth;
  bool want_ascii;
  CHECK(napi_get_value_double(env, argv[0], &max_bulk));
  CHECK(napi_get_value_uint32(env, argv[1], &max_depth));
  CHECK(napi_get_value_bool(env, argv[2], &want_ascii));
  double max_line;
  CHECK(napi_get_value_double(env, argv[5], &max_line));
  double max_reply;
  CHECK(napi_get_value_double(env, argv[6], &max_reply));
  int32_t *tape, *result;
  size_t tape_len, result_len;
  if (!int32_array(env, argv[3], &tape, &tape_len) || !int32_array(env, argv[4], &result, &result_len) ||
      result_len < R_FIELDS || tape_len < 4) {
    napi_throw_type_error(env, NULL, "create() needs Int32Array tape and result");
    return NULL;
  }
  resp_scanner *s = malloc(sizeof *s);
  if (!s) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  resp_init(s, (int64_t)max_bulk, max_depth);
  s->want_ascii = want_ascii;
  s->max_line = (int64_t)max_line;
  if (max_reply >= 0 && max_reply < (double)s->max_reply) s->max_reply = (int64_t)max_reply;
  s->tape = tape;
  s->cap = (uint32_t)(tape_len / 4);
  s->result = result;
  napi_value fn;
  if (napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan_chunk, s, &fn) != napi_ok ||
      napi_wrap(env, fn, s, finalize_scanner, NULL, NULL) != napi_ok) {
    resp_free(s);
    free(s);
    napi_throw_error(env, NULL, "could not create the scanner");
    return NULL;
  }
  return fn;
}

static napi_value set_tape(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 2 ? scanner_of(env, argv[0]) : NULL;
  int32_t *tape;
  size_t tape_len;
  if (s) resp_drop_done(s); /* only the unfinished reply's entries move */
  if (!s || !int32_array(env, argv[1], &tape, &tape_len) || tape_len / 4 < s->used) {
    napi_throw_type_error(env, NULL, "setTape(handle, Int32Array)");
    return NULL;
  }
  if (tape != s->tape) memcpy(tape, s->tape, (size_t)s->used * 4 * sizeof(int32_t));
  s->tape = tape;
  s->cap = (uint32_t)(tape_len / 4);
  return NULL;
}

static napi_value resume(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 3 ? scanner_of(env, argv[0]) : NULL;
  void *data;
  size_t len;
  uint32_t start;
  if (!s || napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &start) != napi_ok || start > len) {
    napi_throw_type_error(env, NULL, "resume(scan, Buffer, start)");
    return NULL;
  }
  return int32_value(env, resp_scan(s, data, len, start, 1));
}

static napi_value reset(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 1 ? scanner_of(env, argv[0]) : NULL;
  if (!s) {
    napi_throw_type_error(env, NULL, "reset(handle)");
    return NULL;
  }
  resp_reset(s);
  return NULL;
}

static napi_value error_code(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 1 ? scanner_of(env, argv[0]) : NULL;
  return int32_value(env, s ? s->error_code : -1);
}

static napi_value error_offset(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 1 ? scanner_of(env, argv[0]) : NULL;
  napi_value out;
  CHECK(napi_create_double(env, s ? (double)s->error_offset : -1, &out));
  return out;
}

/* bufferBytes(scan): heap bytes of the scanner's line and stack buffers (tests watch them shrink). */
static napi_value buffer_bytes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  resp_scanner *s = argc == 1 ? scanner_of(env, argv[0]) : NULL;
  napi_value out;
  CHECK(napi_create_double(env, s ? (double)resp_buffer_bytes(s) : -1, &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"create", NULL, create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setTape", NULL, set_tape, NULL, NULL, NULL, napi_enumerable, NULL},
      {"resume", NULL, resume, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reset", NULL, reset, NULL, NULL, NULL, napi_enumerable, NULL},
      {"errorCode", NULL, error_code, NULL, NULL, NULL, napi_enumerable, NULL},
      {"errorOffset", NULL, error_offset, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bufferBytes", NULL, buffer_bytes, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
