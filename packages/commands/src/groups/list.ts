/**
 * The list commands (group 'list' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
export {};
