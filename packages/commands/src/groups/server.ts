/**
 * The server commands (group 'server' in the Redis command specifications), one module per
 * family under ./server/. Every export is a command declaration; the export name is the method name.
 */
export * from './server/admin.js';
export * from './server/config.js';
