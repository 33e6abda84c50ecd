/**
 * Shape of the GuideLLM command-line facts table (`cli-table.ts`). Every entry cites the GuideLLM source file
 * and line, at a release tag, that defines it, so a reviewer can check the renderer against upstream.
 */

/** A command-line flag the renderer may emit. */
export interface CliFlagFact {
  /** The flag as typed, e.g. `--target`. */
  readonly flag: string;
  /** True when the flag takes a value (`--rate 1,5`), false for a switch (`--disable-console-interactive`). */
  readonly takesValue: boolean;
  /** True when GuideLLM accepts the flag several times (`--constraint` in v0.7+). @default false */
  readonly repeatable?: boolean;
  /** First version of the generation that has the flag, when not all of them do, e.g. `0.5.0`. */
  readonly since?: string;
  /** `path/in/repo.py:LINE @ vX.Y.Z` where upstream defines it. */
  readonly source: string;
  /** What the renderer uses it for, and any quirk. */
  readonly note?: string;
}

/** The `key=value` keys GuideLLM v0.7+ accepts inside one `kind=...` value of an option. */
export interface KindFact {
  /** Keys the renderer may emit for this kind (including `kind` itself is implied, do not list it). */
  readonly keys: readonly string[];
  /** Keys GuideLLM requires for this kind. */
  readonly required: readonly string[];
  /** `path/in/repo.py:LINE @ vX.Y.Z` of the class or function that defines the kind. */
  readonly source: string;
  readonly note?: string;
}

/** A fixed value a flag accepts (a legacy `--rate-type` name, an `--outputs` name). */
export interface ValueFact {
  readonly value: string;
  readonly source: string;
  readonly note?: string;
}

/** An environment variable GuideLLM (or its image) reads, that the Job sets. */
export interface EnvFact {
  readonly name: string;
  readonly source: string;
  readonly note?: string;
}

/** One CLI generation: `guidellm benchmark run` (v0.4 to v0.6) or `guidellm run` (v0.7+). */
export interface CliGeneration {
  /** Versions covered, inclusive lower bound and exclusive upper bound, e.g. `{ from: '0.4.0', before: '0.7.0' }`. */
  readonly versions: { readonly from: string; readonly before?: string };
  /** Words after `guidellm`, e.g. `['benchmark', 'run']`. */
  readonly subcommand: readonly string[];
  /** The tag whose source the citations below were read at. */
  readonly citedTag: string;
  readonly flags: readonly CliFlagFact[];
  /** For v0.7+: per option flag (`--profile`, `--constraint`, `--data`, `--backend`, `--output`) its kinds. */
  readonly kinds?: { readonly [flag: string]: { readonly [kind: string]: KindFact } };
  /** Fixed values per flag (e.g. `--rate-type` → synchronous, concurrent, ...; `--outputs` → json, csv, html). */
  readonly values?: { readonly [flag: string]: readonly ValueFact[] };
  readonly env: readonly EnvFact[];
}
