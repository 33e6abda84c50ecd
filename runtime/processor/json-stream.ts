/**
 * A JSON reader that keeps only what is asked for: it reads a file in 1 MiB chunks and builds the value, except
 * the subtrees `skip` names, which it scans past without keeping anything. A GuideLLM report's per-request details
 * (`benchmarks[i].requests`) are most of its bytes; skipping them bounds the processor's memory by the figures it
 * uses, whatever the report's size. Python's bare `NaN`, `Infinity` and `-Infinity` tokens (as `json.dumps` writes
 * them) are read as strings marked with `bareToken`, so one bad figure does not lose the file.
 * Only the Node standard library: this file is bundled into the processor script.
 */
import * as fs from 'fs';

export type JsonPath = readonly (string | number)[];

export interface ReadOptions {
  /** Whether the value at `path` is left out (its key is not set; an array item becomes null). */
  readonly skip?: (path: JsonPath) => boolean;
  /** Prefix of the strings that stand for bare NaN / Infinity / -Infinity tokens. */
  readonly bareToken: string;
  /**
   * Values handed over one by one instead of kept: each array item whose path `match`es is built (with `skip`
   * applied inside it), given to `value`, and left out of its array. Bounds memory over long lists of records.
   */
  readonly visit?: { readonly match: (path: JsonPath) => boolean; readonly value: (path: JsonPath, value: unknown) => void };
}

const CHUNK = 1 << 20;
/** Nesting kept values may have (a GuideLLM report has about 10): deeper is refused, not a stack overflow. */
export const MAX_DEPTH = 256;
/** The error of a document with nothing but whitespace. */
export const EMPTY = 'empty: no JSON value';
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

/** Bytes from a Buffer, or from a file read chunk by chunk. */
class Source {
  private buf: Buffer;
  private pos = 0;
  private end: number;
  /** Bytes consumed before `buf` (for messages). */
  private base = 0;

  constructor(
    input: Buffer,
    private readonly fd?: number,
  ) {
    this.buf = input;
    this.end = fd === undefined ? input.length : 0;
  }

  get offset(): number {
    return this.base + this.pos;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    if (this.pos >= this.end && !this.refill()) return -1;
    return this.buf[this.pos];
  }

  next(): number {
    const c = this.peek();
    if (c >= 0) this.pos++;
    return c;
  }

  /** Consumes a string's body and its closing quote (the opening one already consumed); false at the end. */
  skipStringBody(): boolean {
    let escaped = false;
    for (;;) {
      if (this.pos >= this.end && !this.refill()) return false;
      const buf = this.buf;
      const end = this.end;
      let i = this.pos;
      while (i < end) {
        const c = buf[i++];
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          this.pos = i;
          return true;
        }
      }
      this.pos = i;
    }
  }

  /** Consumes an object's or array's content up to its closing bracket (the opening one already consumed). */
  skipNested(): boolean {
    let depth = 1;
    for (;;) {
      if (this.pos >= this.end && !this.refill()) return false;
      const buf = this.buf;
      const end = this.end;
      let i = this.pos;
      let quote = false;
      while (i < end) {
        const c = buf[i++];
        if (c === 0x22) {
          quote = true;
          break;
        }
        if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (--depth === 0) {
            this.pos = i;
            return true;
          }
        }
      }
      this.pos = i;
      if (quote && !this.skipStringBody()) return false;
    }
  }

  private refill(): boolean {
    if (this.fd === undefined) return false;
    this.base += this.end;
    this.end = fs.readSync(this.fd, this.buf, 0, this.buf.length, null);
    this.pos = 0;
    return this.end > 0;
  }
}

class Parser {
  constructor(
    private readonly src: Source,
    private readonly options: ReadOptions,
  ) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at byte ${this.src.offset}`);
  }

  private whitespace(): void {
    for (let c = this.src.peek(); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.src.peek()) this.src.next();
  }

  private expect(c: number): void {
    const got = this.src.next();
    if (got !== c) this.unexpected(got);
  }

  private unexpected(c: number): never {
    this.fail(c < 0 ? 'unexpected end of the JSON input' : `unexpected character ${JSON.stringify(String.fromCharCode(c))}`);
  }

  /** The whole document: one value and nothing after it. */
  document(): unknown {
    this.whitespace();
    if (this.src.peek() < 0) throw new SyntaxError(EMPTY);
    const value = this.value([], true);
    this.whitespace();
    if (this.src.peek() >= 0) this.unexpected(this.src.peek());
    return value;
  }

  /** The value at `path`; when `keep` is false, scanned past and dropped (its content is not checked). */
  private value(path: JsonPath, keep: boolean): unknown {
    this.whitespace();
    const c = this.src.peek();
    if (!keep && (c === 0x7b || c === 0x5b || c === 0x22)) {
      this.src.next();
      if (!(c === 0x22 ? this.src.skipStringBody() : this.src.skipNested())) this.unexpected(-1);
      return undefined;
    }
    if ((c === 0x7b || c === 0x5b) && path.length >= MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    if (c === 0x7b) return this.object(path, keep);
    if (c === 0x5b) return this.array(path, keep);
    if (c === 0x22) return this.string(keep);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x4e || c === 0x49) return this.number();
    if (c === 0x74) return this.word('true', true);
    if (c === 0x66) return this.word('false', false);
    if (c === 0x6e) return this.word('null', null);
    return this.unexpected(c);
  }

  private object(path: JsonPath, keep: boolean): Record<string, unknown> | undefined {
    this.expect(0x7b);
    const out: Record<string, unknown> | undefined = keep ? Object.create(null) : undefined;
    this.whitespace();
    if (this.src.peek() === 0x7d) {
      this.src.next();
      return out && { ...out };
    }
    for (;;) {
      this.whitespace();
      if (this.src.peek() !== 0x22) this.unexpected(this.src.peek());
      const key = this.string(true) as string;
      this.whitespace();
      this.expect(0x3a);
      const at = [...path, key];
      const keepValue = keep && !this.options.skip?.(at);
      const value = this.value(at, keepValue);
      if (out && keepValue) out[key] = value;
      this.whitespace();
      const c = this.src.next();
      if (c === 0x7d) break;
      if (c !== 0x2c) this.unexpected(c);
    }
    // a plain object (no prototype-less surprises for callers), keys in document order
    return out && { ...out };
  }

  private array(path: JsonPath, keep: boolean): unknown[] | undefined {
    this.expect(0x5b);
    const out: unknown[] | undefined = keep ? [] : undefined;
    this.whitespace();
    if (this.src.peek() === 0x5d) {
      this.src.next();
      return out;
    }
    for (let i = 0; ; i++) {
      const at = [...path, i];
      const keepValue = keep && !this.options.skip?.(at);
      const visit = keepValue && this.options.visit?.match(at) ? this.options.visit : undefined;
      const value = this.value(at, keepValue);
      if (visit) visit.value(at, value);
      else if (out) out.push(keepValue ? value : null);
      this.whitespace();
      const c = this.src.next();
      if (c === 0x5d) break;
      if (c !== 0x2c) this.unexpected(c);
    }
    return out;
  }

  /** A string: decoded when kept (escapes and UTF-8 through JSON.parse of its raw bytes), else only scanned. */
  private string(keep: boolean): string | undefined {
    this.expect(0x22);
    const bytes: number[] | undefined = keep ? [] : undefined;
    for (;;) {
      const c = this.src.next();
      if (c < 0) this.unexpected(c);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string');
      bytes?.push(c);
      if (c === 0x5c) {
        const escaped = this.src.next();
        if (escaped < 0) this.unexpected(escaped);
        bytes?.push(escaped);
      }
    }
    if (!bytes) return undefined;
    try {
      return JSON.parse(`"${Buffer.from(bytes).toString('utf8')}"`) as string;
    } catch {
      return this.fail('bad escape in a string');
    }
  }

  /** A number, or a bare NaN / Infinity / -Infinity token (as a marked string). */
  private number(): number | string {
    let text = '';
    for (let c = this.src.peek(); c >= 0 && isNumberByte(c); c = this.src.peek()) text += String.fromCharCode(this.src.next());
    if ((NON_FINITE as readonly string[]).includes(text)) return `${this.options.bareToken}${text}`;
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) this.fail(`bad number ${JSON.stringify(text)}`);
    return Number(text);
  }

  private word<T>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++) if (this.src.next() !== word.charCodeAt(i)) this.fail(`bad literal (expected ${word})`);
    return value;
  }
}

/** The bytes a number or a NaN / Infinity token is made of: digits, letters, `-`, `+`, `.`. */
function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2b || c === 0x2e;
}

/** The document of `source`, or the readable reason (with the byte offset) it is not JSON. */
function parse(source: Source, options: ReadOptions): { value: unknown } | { error: string } {
  try {
    return { value: new Parser(source, options).document() };
  } catch (e) {
    if (e instanceof SyntaxError) return { error: e.message };
    throw e;
  }
}

/** Parses `text`. */
export function parseJsonText(text: string | Buffer, options: ReadOptions): { value: unknown } | { error: string } {
  return parse(new Source(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')), options);
}

/** Reads and parses `file` in chunks; throws only when the file cannot be opened or read. */
export function readJsonFile(file: string, options: ReadOptions): { value: unknown } | { error: string } {
  const fd = fs.openSync(file, 'r');
  try {
    return parse(new Source(Buffer.alloc(CHUNK), fd), options);
  } finally {
    fs.closeSync(fd);
  }
}
