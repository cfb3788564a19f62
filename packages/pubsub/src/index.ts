export { PubSub, type PubSubOptions, type GetMessageOptions, type ListenOptions, type ReconnectEvent, type DedicatedConnectionSource } from './pubsub.js';
export type { RunHandle, RunOptions } from './run.js';
export type { ChannelName, HandlerMap, MessageHandler } from './subscriptions.js';
export type {
  Bulk,
  DataMessage,
  PongMessage,
  PubSubMessage,
  ReconnectMessage,
  SubscriptionMessage,
  SubscriptionType,
} from './messages.js';
export { Monitor } from './monitor.js';
export { parseMonitorLine, type MonitorEntry, type MonitorClientType } from './monitor-entry.js';
