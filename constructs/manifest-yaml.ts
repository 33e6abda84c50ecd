/**
 * YAML of plain JSON data (a synthesized manifest), byte for byte what `yaml`'s
 * `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` writes, several times faster.
 *
 * `yaml.stringify` first turns the whole value into a tree of document nodes and then walks it; at hundreds of
 * targets that tree costs more than the rest of the synth (issue 20). This walks the data directly and writes block
 * maps and sequences itself, and hands every scalar to the library's own scalar writers (`yaml/util`:
 * `stringifyString`, `stringifyNumber`), so the rules that decide how a string is written — plain, quoted, block
 * literal, which chomping — stay the library's. What the walk does itself follows yaml 2.9's
 * stringifyCollection/stringifyPair for block collections without comments: `key: value`, a non-empty collection
 * on the next line indented by two spaces, `- ` items indented by two, empty collections as `{}` and `[]`, pairs
 * whose value is `undefined` left out. test/synth/manifest-yaml.test.ts checks the equality on every object of the
 * fixture environments and on generated edge cases; anything this walk does not cover (a root that is not a
 * non-empty collection, a key longer than 1024 characters) goes to `yaml.stringify` itself.
 */
import { Document, stringify } from 'yaml';
import { stringifyNumber, stringifyString, type StringifyContext } from 'yaml/util';

/** The options the project writes manifests with. */
export const MANIFEST_YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** yaml 2.9's stringify options with MANIFEST_YAML_OPTIONS applied (createStringifyContext's defaults). */
const STRING_OPTIONS = {
  blockQuote: true,
  commentString: (s: string) => s.replace(/^(?!$)(?: $)?/gm, '#'),
  defaultKeyType: null,
  defaultStringType: 'PLAIN',
  directives: null,
  doubleQuotedAsJSON: false,
  doubleQuotedMinMultiLineLength: 40,
  falseStr: 'false',
  flowCollectionPadding: true,
  indentSeq: true,
  lineWidth: MANIFEST_YAML_OPTIONS.lineWidth,
  minContentWidth: 20,
  nullStr: 'null',
  simpleKeys: false,
  singleQuote: null,
  trailingComma: false,
  trueStr: 'true',
  verifyAliasOrder: true,
};

const DOC = new Document();
const STEP = '  ';
/** Longest implicit key yaml writes as `key:`; longer ones become explicit (`? key`), which this walk leaves to yaml. */
const MAX_IMPLICIT_KEY = 1024;

class Unsupported extends Error {}

/** One context per indentation and role, reused: the scalar writers only read them (at indentation > 0). */
const contexts: [StringifyContext[], StringifyContext[]] = [[], []];
function context(indent: string, implicitKey: boolean): StringifyContext {
  const byDepth = contexts[implicitKey ? 1 : 0];
  return (byDepth[indent.length] ??= {
    actualString: true,
    anchors: new Set(),
    doc: DOC,
    flowCollectionPadding: ' ',
    implicitKey,
    indent,
    indentStep: STEP,
    inFlow: null,
    options: STRING_OPTIONS,
  } as unknown as StringifyContext);
}

/**
 * A string yaml writes as it is (plain) in any position: a letter or `/`, then letters, digits and `_ . / - @`
 * and `:` not at the end (no space, `#` or other indicator, no `: `), and not a word the core schema reads as null
 * or a boolean (numbers, `.inf` and `.nan` start otherwise). Checked first: most strings of a manifest are such names.
 */
const PLAIN = /^[A-Za-z/][\w./@:-]*$/;
const NOT_PLAIN = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$|:$/;
/**
 * What yaml wrote for other one-line strings, as a key and as a value: for those, its output depends on nothing
 * else (the indentation matters only to lines that follow a newline, and to a key that starts like a document
 * marker, which is not kept). Manifests of many targets repeat the same few thousand strings.
 */
const written: [Map<string, string>, Map<string, string>] = [new Map(), new Map()];
const MAX_KEPT_LENGTH = 256;
const DOCUMENT_MARKER_OR_NEWLINE = /^(?:%|---|\.\.\.)|\n/;

function plainOrWritten(value: string, ctx: StringifyContext): string {
  if (PLAIN.test(value) && !NOT_PLAIN.test(value)) return value;
  if (value.length > MAX_KEPT_LENGTH || DOCUMENT_MARKER_OR_NEWLINE.test(value)) return stringifyString({ value } as any, ctx);
  const kept = written[ctx.implicitKey ? 1 : 0];
  let text = kept.get(value);
  if (text === undefined) kept.set(value, (text = stringifyString({ value } as any, ctx)));
  return text;
}

function scalar(value: unknown, ctx: StringifyContext): string {
  switch (typeof value) {
    case 'string':
      return plainOrWritten(value, ctx);
    case 'number':
      return stringifyNumber({ value } as any);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null || value === undefined) return 'null';
      throw new Unsupported();
  }
}

/** An empty array, or an object without a defined value (yaml leaves `undefined` out: `{}`); plain data only. */
function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new Unsupported(); // a Date, a Map…: yaml's own tags
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

/**
 * The walk appends to one list of parts, joined once at the end: a string grown by `+=` stays a tree of pieces in
 * V8 until something flattens it, several times the size of its text (85 MB more for the Jobs of 1000 targets).
 */
type Out = string[];

/** A value after `key:` or `- `, at `indent` (the indentation of its own lines). */
function valueAfter(out: Out, value: unknown, indent: string): void {
  if (value !== null && typeof value === 'object') {
    if (isEmpty(value)) out.push(Array.isArray(value) ? ' []' : ' {}');
    else {
      out.push('\n', indent);
      collection(out, value, indent);
    }
    return;
  }
  const text = scalar(value, context(indent, false));
  out.push(text[0] === '\n' ? text : ` ${text}`);
}

/** A non-empty map or sequence whose first line starts where the caller is; its other lines at `indent`. */
function collection(out: Out, value: object, indent: string): void {
  if (Array.isArray(value)) sequence(out, value, indent);
  else map(out, value as Record<string, unknown>, indent);
}

function map(out: Out, object: Record<string, unknown>, indent: string): void {
  const inner = indent + STEP;
  const keyContext = context(inner, true);
  let first = true;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    const keyText = plainOrWritten(key, keyContext);
    if (keyText.length > MAX_IMPLICIT_KEY) throw new Unsupported();
    if (!first) out.push('\n', indent);
    first = false;
    out.push(keyText, ':');
    valueAfter(out, value, inner);
  }
}

function sequence(out: Out, items: readonly unknown[], indent: string): void {
  const inner = indent + STEP;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push('\n', indent);
    const item = items[i];
    // `- ` then the item as if it were a value on its own line at `inner`
    if (item !== null && typeof item === 'object') {
      if (isEmpty(item)) out.push(Array.isArray(item) ? '- []' : '- {}');
      else {
        out.push('- ');
        collection(out, item, inner);
      }
    } else {
      out.push('- ', scalar(item, context(inner, false)));
    }
  }
}

/** The YAML document of `value` (plain JSON data), as `stringify(value, MANIFEST_YAML_OPTIONS)` writes it. */
export function manifestYaml(value: unknown): string {
  if (value !== null && typeof value === 'object' && !isEmpty(value)) {
    try {
      const out: Out = [];
      collection(out, value, '');
      out.push('\n');
      return out.join('');
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  return stringify(value, MANIFEST_YAML_OPTIONS);
}
