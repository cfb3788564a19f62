export { AbstractConnection, type ConnectionState, type ReconnectingEvent } from './connection-base.js';
export { Connection, openTcpSocket, type TcpConnectionOptions } from './tcp.js';
export { UnixDomainSocketConnection, type UnixDomainSocketConnectionOptions } from './unix.js';
export { TlsConnection, openTlsSocket, type TlsConnectionOptions } from './tls.js';
export { defaultParserClass } from './parser-class.js';
export { whenConnected } from './socket-ready.js';
export { CONNECTION_OPTION_NAMES, checkOptionKeys } from './option-names.js';
export { Retry, type RetryOptions } from './retry.js';
export { UsernamePasswordCredentialProvider, checkCredentialOptions, type CredentialProvider, type Credentials } from './credentials.js';
export {
  NoBackoff,
  ConstantBackoff,
  ExponentialBackoff,
  FullJitterBackoff,
  EqualJitterBackoff,
  DecorrelatedJitterBackoff,
  ExponentialWithJitterBackoff,
  type Backoff,
  type BackoffOptions,
} from './backoff.js';
export type { ConnectionOptions, SendOptions, ReplyTransform, PushHandler, Command } from './options.js';
export {
  setCommandDescriber,
  traceBatch,
  serverPeer,
  type CommandDescriber,
  type CommandTraceContext,
  type BatchTraceContext,
  type ConnectionEventMessage,
  type ServerPeer,
} from './diagnostics.js';
