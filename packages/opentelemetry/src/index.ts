export { instrument, type InstrumentOptions, type Instrumentation } from './instrument.js';
export {
  AREDIS_KEY_COUNT,
  DB_NAMESPACE,
  DB_OPERATION_BATCH_SIZE,
  DB_OPERATION_NAME,
  DB_RESPONSE_STATUS_CODE,
  DB_SYSTEM_NAME,
  ERROR_TYPE,
  SERVER_ADDRESS,
  SERVER_PORT,
} from './attributes.js';
