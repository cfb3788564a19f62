/**
 * The pubsub commands (group 'pubsub' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
export {};
