/**
 * The server commands (group 'server' in the Redis command specifications), one module per
 * family under ./server/. Every export is a command declaration; the export name is the method name.
 * MONITOR, SYNC, PSYNC, REPLCONF, RESTORE-ASKING and DEBUG (but DEBUG OBJECT) are not methods: see excluded.ts.
 */
export * from './server/acl.js';
export * from './server/admin.js';
export * from './server/command.js';
export * from './server/config.js';
export * from './server/debug.js';
export * from './server/latency.js';
export * from './server/memory.js';
export * from './server/module.js';
export * from './server/replication.js';
export * from './server/slowlog.js';
