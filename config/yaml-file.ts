/**
 * A configuration file read as YAML, keeping the document so that problems can be reported with line numbers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from 'yaml';
import { ConfigError } from './errors';

export class YamlFile {
  /** Reads and parses `file` (a path relative to `root`); malformed YAML throws a ConfigError with its line. */
  static read(root: string, file: string): YamlFile {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return YamlFile.parse(file, text);
  }

  static parse(file: string, text: string): YamlFile {
    const lineCounter = new LineCounter();
    // keys are checked for uniqueness below, in linear time (the parser's own check is quadratic: 40 000 keys took 26 s)
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        doc.errors.map((e) => ({
          file,
          path: [],
          line: e.linePos?.[0]?.line,
          message: `malformed YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        })),
      );
    }
    // `__proto__` as a key would set an object's prototype when the YAML becomes JS, silently dropping the value;
    // a repeated key would silently replace the first
    const lineOf = (node: Node) => (node.range ? lineCounter.linePos(node.range[0]).line : 1);
    let bad: { line: number; message: string } | undefined;
    visit(doc, {
      Map(_, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          if (pair.key.value === '__proto__') bad ??= { line: lineOf(pair.key), message: 'the key __proto__ is not allowed (it is no setting; in JavaScript it would change the object it is in)' };
          if (seen.has(pair.key.value)) bad ??= { line: lineOf(pair.key), message: 'malformed YAML: Map keys must be unique' };
          seen.add(pair.key.value);
        }
        return bad ? visit.BREAK : undefined;
      },
    });
    if (bad) throw new ConfigError([{ file, path: [], line: bad.line, message: bad.message }]);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // an alias bomb (anchors that expand exponentially): refused before it costs memory
      throw new ConfigError([{ file, path: [], line: 1, message: `malformed YAML: ${(e as Error).message}; use fewer anchors and aliases (*name), or write the values out` }]);
    }
    return new YamlFile(file, data ?? {}, doc.contents, lineCounter);
  }

  private constructor(
    /** Path relative to the project root. */
    readonly file: string,
    /** The parsed data. */
    readonly data: unknown,
    private readonly root: Node | null,
    private readonly lineCounter: LineCounter,
  ) {}

  /** True when `path` exists in this file. */
  has(path: readonly (string | number)[]): boolean {
    return this.walk(path).complete;
  }

  /** 1-based line of the deepest existing node along `path` (the key itself when the last step is a key). */
  lineOf(path: readonly (string | number)[]): number | undefined {
    if (path.length === 0) return undefined; // the whole file
    const { offset } = this.walk(path);
    return offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
  }

  /** Follows `path` through the document as far as it exists. */
  private walk(path: readonly (string | number)[]): { complete: boolean; offset?: number } {
    let node: unknown = this.root;
    let offset = this.root?.range?.[0];
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === step);
        if (!pair) return { complete: false, offset };
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number' && step < node.items.length) {
        node = node.items[step];
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else {
        return { complete: false, offset };
      }
    }
    return { complete: true, offset };
  }
}
