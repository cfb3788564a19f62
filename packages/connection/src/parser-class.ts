import { RespParser, type ParserClass } from '@aredis/resp-parser';

/**
 * The parser a connection uses when `parserClass` is not given: the TypeScript RespParser.
 * This package does not depend on the native parser; `@aredis/client` passes
 * NativeRespParser explicitly when its binary loads.
 */
export function defaultParserClass(): ParserClass {
  return RespParser;
}
