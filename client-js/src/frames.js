// Server frames may hold several JSON objects separated by "\n" (the server coalesces what is ready
// together); the server never writes a raw line break inside an object.

/**
 * Splits one text frame into its objects. Lines that are empty or not a JSON object with a string
 * `type` are handed to `onBad` and skipped, so one bad object does not lose the others.
 * @param {string} text
 * @param {(line: string, error: unknown) => void} [onBad]
 * @returns {Array<{type: string, [k: string]: unknown}>}
 */
export function splitFrame(text, onBad) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let obj;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      onBad?.(line, e);
      continue;
    }
    if (obj && typeof obj === 'object' && !Array.isArray(obj) && typeof obj.type === 'string') out.push(obj);
    else onBad?.(line, new TypeError('not an object with a string "type"'));
  }
  return out;
}
