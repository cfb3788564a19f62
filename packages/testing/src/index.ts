export { startServer, type ServerOptions, type RedisServer, type ClientTls, type TlsServerOptions } from './server.js';
export type { AclUser, ConfigValue, ExtraConfig } from './config.js';
export { testCertificates, type TestCertificates, type CertificatePair } from './certificates.js';
export { TestingError, StartupError, OptionsError, CommandError } from './errors.js';
export { rawCommand, rawCommands, commandCalls, parseInfo, pairsToRecord, RawErrorReply, type RawReply, type RawTarget, type RawCommandOptions } from './resp.js';
export { freePort } from './ports.js';
export { isAlive, trackedPids } from './processes.js';
export { startProxy, type TcpProxy, type ProxyOptions, type ProxyTarget, type CutOptions } from './proxy.js';
export { startCluster, type ClusterOptions, type RedisCluster, type ClusterNode } from './cluster.js';
export {
  startSentinel,
  type SentinelOptions,
  type SentinelSetAuth,
  type RedisSentinelSet,
  type SentinelDataNode,
  type SentinelProcess,
  type FailoverOptions,
} from './sentinel.js';
export { waitUntil } from './wait.js';
export { printedForms } from './printed.js';
