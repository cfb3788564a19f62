import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { NativeRespParser, isAvailable } from '@aredis/resp-parser-native';

/** The parser a client uses unless told otherwise: the native one when its binary loads. */
export function pickParserClass(): ParserClass {
  return isAvailable() ? NativeRespParser : RespParser;
}
