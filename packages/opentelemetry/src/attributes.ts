/**
 * OpenTelemetry's semantic conventions for database clients, as this package sets them
 * (the names are those of the stable `db.*` conventions; written out here rather than taken
 * from `@opentelemetry/semantic-conventions`, whose incubating entry point is not stable).
 */
import type { Attributes } from '@opentelemetry/api';
import type { BatchTraceContext, CommandTraceContext, ServerPeer } from '@aredis/connection';

export const DB_SYSTEM_NAME = 'db.system.name';
export const DB_OPERATION_NAME = 'db.operation.name';
export const DB_NAMESPACE = 'db.namespace';
export const DB_OPERATION_BATCH_SIZE = 'db.operation.batch.size';
export const DB_RESPONSE_STATUS_CODE = 'db.response.status_code';
export const SERVER_ADDRESS = 'server.address';
export const SERVER_PORT = 'server.port';
export const ERROR_TYPE = 'error.type';
/** Not a convention: how many keys the command named (never the keys themselves). */
export const AREDIS_KEY_COUNT = 'aredis.key_count';

function peerAttributes(peer: ServerPeer): Attributes {
  const attributes: Attributes = {
    [DB_SYSTEM_NAME]: 'redis',
    [DB_NAMESPACE]: String(peer.database),
    [SERVER_ADDRESS]: peer.serverAddress,
  };
  if (peer.serverPort !== undefined) attributes[SERVER_PORT] = peer.serverPort;
  return attributes;
}

export function commandAttributes(context: CommandTraceContext): Attributes {
  const attributes = peerAttributes(context);
  attributes[DB_OPERATION_NAME] = context.command;
  if (context.keyCount !== undefined) attributes[AREDIS_KEY_COUNT] = context.keyCount;
  return attributes;
}

/** A pipeline is `PIPELINE`, a transaction `MULTI`, as the span name and operation name. */
export function batchOperation(context: BatchTraceContext): string {
  return context.transaction ? 'MULTI' : 'PIPELINE';
}

export function batchAttributes(context: BatchTraceContext): Attributes {
  const attributes = peerAttributes(context);
  attributes[DB_OPERATION_NAME] = batchOperation(context);
  attributes[DB_OPERATION_BATCH_SIZE] = context.commands;
  return attributes;
}

/**
 * What an error is called in `error.type` and `db.response.status_code`: a server error's
 * prefix (`WRONGTYPE`, `NOSCRIPT`, ...) is its status code; the type is the error's class name.
 */
export function errorAttributes(error: unknown): Attributes {
  const type = error instanceof Error ? error.constructor.name : typeof error;
  const attributes: Attributes = { [ERROR_TYPE]: type };
  if (isResponseError(error)) {
    const prefix = /^([A-Z][A-Z_]+)\b/.exec(error.message)?.[1];
    if (prefix !== undefined) attributes[DB_RESPONSE_STATUS_CODE] = prefix;
  }
  return attributes;
}

/** By class name along the prototype chain: true across copies of the package, unlike instanceof. */
function isResponseError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    if (proto.constructor.name === 'ResponseError') return true;
  }
  return false;
}
