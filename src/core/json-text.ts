import { showInvisible } from './quote-input';

const BYTE_ORDER_MARK = '\ufeff';

/**
 * JSON.parse for text read from files, settings and answers. A leading UTF-8 byte-order mark, which editors on
 * Windows write, is not part of the document. A SyntaxError's message quotes the text, so invisible characters in it
 * are shown as escapes.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) throw new SyntaxError(showInvisible(err.message));
    throw err;
  }
}
