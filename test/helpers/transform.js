/**
 * Jest transformer: TypeScript to CommonJS with esbuild (already the project's bundler), file by file, without
 * type-checking (`npm run typecheck` runs tsc on everything, CI included). It replaces ts-jest, which loads the
 * TypeScript compiler in every worker and transpiles about ten times slower: the difference is ~15 s of CPU on a
 * run with a cold cache, as every CI run on a fresh clone has.
 */
const { createHash } = require('crypto');
const { transformSync, version } = require('esbuild');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: true, sourcefile: filename });
    return { code: result.code, map: result.map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(`${version}\0${filename}\0${source}`).digest('hex');
  },
};
