import { RE2JS } from 're2js';

// regex() in form expressions runs on RE2 (re2js, pure JS): matching time grows linearly with the
// text, whatever the pattern, so a pattern like (a+)+$ cannot stall the server or the browser the
// way a backtracking engine (JavaScript's RegExp) can. RE2 has no back-references or look-around;
// such patterns are refused when the instrument is designed.

type Compiled = ReturnType<typeof RE2JS.compile>;
const cache = new Map<string, Compiled | null>();
const CACHE_SIZE = 200;

function compiled(pattern: string): Compiled | null {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    try {
      entry = RE2JS.compile(pattern);
    } catch {
      entry = null;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, entry);
  }
  return entry;
}

export function isValidRegex(pattern: string): boolean {
  return compiled(pattern) !== null;
}

/** Whether `pattern` matches anywhere in `text` (as JavaScript's RegExp.test); an invalid pattern matches nothing. */
export function regexMatches(text: string, pattern: string): boolean {
  return compiled(pattern)?.matcher(text).find() ?? false;
}
