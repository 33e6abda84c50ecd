/*
 * The report server's index page: lists the benchmark runs newest first and summarises each from the results
 * processor's files (schema: runtime/processor/types.ts). URL contract: runtime/report-server/README.md.
 *
 *   GET results/index.json                 the results index (runtime/processor/run-index.ts): the first screen,
 *                                          the answers of the newest runs and the history, in one request
 *   GET api/results/                       runs (nginx autoindex JSON: [{"name","type","mtime"}]), without an index
 *   GET api/results/<run>/                 the run's target folders
 *   GET results/<run>/comparison.json      every target × benchmark side by side (may be absent)
 *   GET results/<run>/<target>/summary.json the capacity answer of one target (may be absent)
 *   GET results/<run>/<target>/run.json     what the Job recorded: outcome, files of each benchmark
 *   GET results/<run>/<target>/index-entry.json  the target's answer (runtime/processor/run-index.ts)
 *
 * Runs under a strict Content-Security-Policy (script-src 'self', style-src 'self'): no inline scripts or
 * styles, no eval; charts are SVG built with DOM calls and styled by class from style.css. URLs are relative so
 * the page also works below a path prefix. Plain ES2020, no build step, no dependencies.
 */
'use strict';

/** Run folders start with their UTC start time: YYYYMMDD-HHMMSS (prepare.sh). */
const RUN_ID = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/;
const NONE = '—';
const SVG_NS = 'http://www.w3.org/2000/svg';

// ------------------------------------------------------------------------------------------- formatting
// The same rounding as runtime/processor/format.ts, so the page and summary.md show the same figures.

/** Integers from 100 up, one decimal from 10, two from 1, three significant digits below 1. */
function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NONE;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  let text;
  if (magnitude >= 100) text = value.toFixed(0);
  else if (magnitude >= 10) text = value.toFixed(1);
  else if (magnitude >= 1) text = value.toFixed(2);
  else text = value.toPrecision(3);
  return stripZeros(text);
}

function stripZeros(text) {
  if (!text.includes('.') || text.includes('e')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** `$3.40`, `$0.85`; three significant digits below one cent (`$0.000787`). */
function formatUsd(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NONE;
  const magnitude = Math.abs(value);
  return `$${magnitude === 0 || magnitude >= 0.01 ? value.toFixed(2) : value.toPrecision(3)}`;
}

/** `1 user`, `8 users`, `2 req/s`. */
function formatLoad(load, unit) {
  if (typeof load !== 'number') return NONE;
  if (unit === 'requests/s') return `${formatNumber(load)} req/s`;
  return `${formatNumber(load)} ${load === 1 ? 'user' : 'users'}`;
}

function formatPercent(change) {
  // A no-break space keeps "%" with its number when the cell wraps.
  return `${change > 0 ? '+' : change < 0 ? '−' : ''}${formatNumber(Math.abs(change))}\u00a0%`;
}

/** `2026-12-01 02:00 UTC` from a run id; the id itself when it does not start with a timestamp. */
function runDate(runId) {
  const m = RUN_ID.exec(runId);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]} UTC` : runId;
}

/** `12-01` for the history charts' axis. */
function shortRunDate(runId) {
  const m = RUN_ID.exec(runId);
  return m ? `${m[2]}-${m[3]}` : runId;
}

// ----------------------------------------------------------------------------------------------- DOM

/**
 * Creates an element: `h('a', { href: 'x', class: 'y' }, 'text', child)`. Attributes are set with
 * setAttribute (never `style`, which the CSP forbids); text is always text, never parsed as HTML.
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A link; `path` segments are URL-encoded one by one. */
function link(text, segments, attrs) {
  return h('a', { href: urlOf(segments), ...attrs }, text);
}

function urlOf(segments) {
  const trailing = segments.length > 0 && segments[segments.length - 1] === '' ? '/' : '';
  return segments.filter((p) => p !== '').map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/') + trailing;
}

// --------------------------------------------------------------------------------------------- loading

/**
 * Requests the page has in flight at most. A page that starts thousands at once (100 runs × 10 targets) has
 * hundreds refused by Chromium itself (net::ERR_INSUFFICIENT_RESOURCES); six is what Chromium sends to one host
 * over HTTP/1.1 at a time anyway.
 */
const MAX_IN_FLIGHT = 6;
let inFlight = 0;
const waiting = [];
/** Every request that failed (not a file that is not there, nor a listing the server does not offer), for the status line. */
const failures = [];

/** Runs `task` when fewer than MAX_IN_FLIGHT requests are in flight; a finished one hands its slot to the next. */
async function limited(task) {
  if (inFlight < MAX_IN_FLIGHT) inFlight++;
  else await new Promise((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

/**
 * GET a JSON document: `{ status, data }`; `data` undefined when the request failed or the body is not JSON, and
 * then `error` says why, unless the answer was 404.
 */
async function getJson(url) {
  const result = await limited(async () => {
    try {
      const response = await fetch(url, { cache: 'no-cache', headers: { Accept: 'application/json' } });
      // 404: the file is not there, which is no failure
      if (!response.ok) return { status: response.status, ...(response.status === 404 ? {} : { error: `HTTP ${response.status}` }) };
      try {
        return { status: response.status, data: await response.json() };
      } catch (e) {
        return { status: response.status, error: 'not JSON' };
      }
    } catch (e) {
      return { status: 0, error: `not loaded (${e.message})` };
    }
  });
  if (result.error) failures.push({ url, error: result.error });
  return result;
}

/** A folder's entries from its nginx JSON listing: `{ dirs, files }`, or `{ error }` when it is not available. */
async function listFolder(url) {
  const { data, status, error } = await getJson(url);
  if (!Array.isArray(data)) return { error: error || `HTTP ${status}` };
  const named = (type) => data.filter((e) => e && e.type === type && typeof e.name === 'string').map((e) => e.name);
  return { dirs: named('directory'), files: named('file') };
}

/**
 * Everything the page shows about one run. Never throws: what is missing is recorded. With the listings only
 * files that exist are requested, so a run in progress causes no 404s; when a listing fails (the bucket's reader
 * cannot list it) the files are tried, and the targets come from comparison.json or the address.
 */
async function loadRun(runId, targetsHint) {
  const listing = await listFolder(urlOf(['api/results', runId, '']));
  const exists = (entries, file) => !entries.files || entries.files.includes(file);
  const { data: comparison, error: comparisonError } = exists(listing, 'comparison.json') ? await getJson(urlOf(['results', runId, 'comparison.json'])) : {};
  let names = listing.dirs;
  if (!names && comparison && Array.isArray(comparison.rows)) names = [...new Set(comparison.rows.map((r) => r.target))];
  if (!names) names = targetsHint || [];
  const targets = await Promise.all(
    [...names].sort().map(async (name) => {
      const entries = listing.dirs ? await listFolder(urlOf(['api/results', runId, name, ''])) : {};
      const [summary, record, entry] = await Promise.all(
        ['summary.json', 'run.json', 'index-entry.json'].map((file) => (exists(entries, file) ? getJson(urlOf(['results', runId, name, file])) : Promise.resolve({}))),
      );
      // what could not be loaded is shown where its figures would be, never left out
      const problems = [entries.error && `its folder: ${entries.error}`, summary.error && `summary.json: ${summary.error}`, record.error && `run.json: ${record.error}`].filter(Boolean);
      // the answer as the processor wrote it (absent for a run processed before entries existed)
      const answer = entry.data && Array.isArray(entry.data.benchmarks) ? entry.data : undefined;
      return { name, summary: summary.data, record: record.data, answer, ...(problems.length ? { loadError: problems.join('; ') } : {}) };
    }),
  );
  return {
    id: runId,
    comparison,
    ...(comparisonError ? { comparisonError } : {}),
    listable: !listing.error,
    listingError: listing.error,
    // A folder with neither file is not (yet) a target; keep those that say something, or failed to.
    targets: targets.filter((t) => t.summary || t.record || t.loadError),
  };
}

// ------------------------------------------------------------------------------------------------ main

/** Runs shown with their answers on the first screen from the results index; older runs are links to `#run=<id>`. */
const FIRST_RUNS = 5;
/** Older runs listed at a time. */
const OLDER_PAGE = 50;

/** The status line: `text`, then how many requests failed, if any (kept current as runs load later). */
let statusText_ = '';
function setStatus(text) {
  statusText_ = text;
  showStatus();
}
function showStatus() {
  const status = document.getElementById('status');
  status.textContent = statusText_;
  if (failures.length > 0) {
    status.append(` ${failures.length} request(s) failed: the runs and targets concerned say so where their figures would be; reload the page to try again.`);
    status.classList.add('load-error');
  }
}

async function main() {
  const { run: wanted, targets: targetsHint } = addressOf();
  // The results index draws the first screen in one request whatever the number of runs; the
  // listing adds the runs it does not have yet (in progress, or never processed) and drops those retention removed.
  const [index, listing] = await Promise.all([wanted ? undefined : readRunIndex(), listFolder('api/results/')]);
  if (index) {
    showIndex(index, listing.dirs);
    await showFleet();
    document.body.dataset.state = 'ready';
    return;
  }
  listing.names = listing.dirs;
  let runIds;
  if (listing.names) {
    runIds = listing.names.filter((n) => RUN_ID.test(n)).sort().reverse();
    if (wanted) runIds = runIds.filter((id) => id === wanted);
  } else {
    // The listing failed (the reader cannot list the bucket): a run can still be opened by id.
    runIds = wanted ? [wanted] : [];
    setStatus(`The list of runs is not available from this server (${listing.error}). ` + (wanted ? `Showing run ${wanted} from the address.` : 'Open a run by adding #run=<run id> to the address (and &targets=<target>,<target> when the run has no comparison.json).'));
  }
  if (runIds.length === 0) {
    if (listing.names) setStatus(wanted ? `No run ${wanted} here.` : 'No benchmark run yet.');
    document.body.dataset.state = 'ready';
    return;
  }
  if (listing.names) setStatus(`Loading ${runIds.length} run(s)…`);

  const runs = await Promise.all(runIds.map((id) => loadRun(id, targetsHint)));
  renderNav(runs);
  const container = document.getElementById('runs');
  const styleOf = styleIndex(runs.flatMap((r) => r.targets.flatMap((t) => (t.summary?.benchmarks || []).map((b) => `${t.name} · ${b.name}`))));
  container.replaceChildren(...runs.map((run) => renderRun(run, styleOf)));
  renderHistory(runs.map((r) => ({ id: r.id, answers: r.targets.filter((t) => t.answer).map((t) => t.answer) })));
  if (listing.names) setStatus(`${runs.length} run(s), newest first${wanted ? ` (only ${wanted}, from the address; remove #run=… to see all)` : ''}.`);
  else showStatus();
  document.body.dataset.state = 'ready';
}

/**
 * A fleet's cluster (object-store mode): `api/fleet/` lists the clusters sharing the bucket, and each cluster's
 * results index gives its runs' answers; one table compares the newest run of each per target and benchmark (a
 * cluster without the target shows a dash), and under it each row's history has one line per cluster (drawn when
 * opened). One request per cluster; nothing is shown when this server is no fleet's (404).
 */
async function showFleet() {
  const clusters = await listFolder('api/fleet/');
  if (!clusters.dirs || clusters.dirs.length < 2) return;
  const names = [...clusters.dirs].sort();
  const fleet = await Promise.all(
    names.map(async (cluster) => {
      const { data, error } = await getJson(urlOf(['fleet', cluster, 'index.json']));
      const runs = data && Array.isArray(data.runs) ? data.runs.filter((r) => r && RUN_ID.test(r.id) && Array.isArray(r.targets) && r.targets.length > 0) : [];
      return { cluster, runs: runs.sort((a, b) => (a.id < b.id ? 1 : -1)), error };
    }),
  );
  const rows = new Map();
  for (const { cluster, runs } of fleet) {
    const [run] = runs;
    for (const answer of run ? run.targets : []) {
      for (const b of answer.benchmarks || []) {
        const key = `${answer.target} · ${b.name}`;
        if (!rows.has(key)) rows.set(key, { target: answer.target, benchmark: b.name, byCluster: new Map() });
        rows.get(key).byCluster.set(cluster, { answer, b, run });
      }
    }
  }
  const keys = [...rows.keys()].sort();
  const cell = (found) => {
    if (!found) return h('td', { class: 'missing' }, NONE);
    const { answer, b, run } = found;
    const unit = b.unit || 'users';
    const figures = [
      typeof b.sweet === 'number' ? `${formatLoad(b.sweet, unit)} within the SLA` : b.status === 'succeeded' ? 'none within the SLA' : statusText(b),
      typeof b.cost === 'number' ? `${formatUsd(b.cost)}/1M` : undefined,
      typeof b.perGpu === 'number' ? `${formatNumber(b.perGpu)} tok/s/GPU` : undefined,
    ].filter(Boolean);
    return h('td', { 'data-sweet': typeof b.sweet === 'number' ? b.sweet : '' }, figures.join(' · '), h('span', { class: 'sub' }, `${answer.gpuProfile}, run of ${runDate(run.id)}`));
  };
  const table = h(
    'table',
    { class: 'fleet-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Target · benchmark'), ...names.map((c) => h('th', { scope: 'col', 'data-cluster': c }, c)))),
    h('tbody', {}, keys.map((key) => h('tr', { 'data-row': key }, h('th', { scope: 'row' }, key), ...names.map((c) => cell(rows.get(key).byCluster.get(c)))))),
  );
  const failed = fleet.filter((n) => n.error).map((n) => `${n.cluster}: ${n.error}`);
  document.getElementById('fleet-table').replaceChildren(
    h('div', { class: 'table-scroll' }, table),
    ...(failed.length ? [h('p', { class: 'load-error' }, `Not loaded: ${failed.join('; ')}`)] : []),
    ...fleetHistory(fleet, keys.map((key) => rows.get(key))),
  );
  document.getElementById('fleet').hidden = false;
  showStatus();
}

/**
 * Each row's history across clusters: every run of any cluster on the x axis (oldest left), one line per cluster
 * of its max output throughput within SLA and its sweet spot. Nothing when the clusters have one run in all.
 */
function fleetHistory(fleet, rows) {
  const ids = [...new Set(fleet.flatMap((c) => c.runs.map((r) => r.id)))].sort();
  if (ids.length < 2 || rows.length === 0) return [];
  const categories = ids.map(shortRunDate);
  const styleOf = styleIndex(fleet.map((c) => c.cluster));
  const histories = rows.map((row, i) => {
    const seriesOf = (figureOf) =>
      fleet.map(({ cluster, runs }) => ({
        name: cluster,
        style: styleOf(cluster),
        points: ids.map((id, x) => {
          const b = runs.find((r) => r.id === id)?.targets.find((a) => a.target === row.target)?.benchmarks?.find((x) => x.name === row.benchmark);
          const f = b ? figureOf(b) : undefined;
          return { x, y: f?.value, text: f ? `${f.text} in the run of ${runDate(id)}` : '', run: id };
        }),
      }));
    const key = `${row.target} · ${row.benchmark}`;
    const details = h('details', { class: 'fleet-history', 'data-row': key }, h('summary', {}, key));
    details.addEventListener('toggle', () => {
      if (details.open && details.children.length === 1) details.append(...historyChartPair(key, `fleet-history-${i}`, categories, seriesOf));
    });
    return details;
  });
  return [h('h3', {}, 'History across clusters'), h('p', { class: 'sub' }, 'One line per cluster; open a target and benchmark to draw it.'), ...histories];
}

/** `results/index.json` (runtime/processor/run-index.ts), or undefined when there is none (yet) or it is not one. */
async function readRunIndex() {
  const { data } = await getJson(urlOf(['results', 'index.json']));
  return data && data.schemaVersion === 1 && Array.isArray(data.runs) ? data : undefined;
}

/**
 * The first screen from the index: the newest runs with their answers, the older ones as links, the history.
 * `folders`: the run folders the listing shows, when it could be read.
 */
function showIndex(index, folders) {
  const indexed = index.runs.filter((r) => r && typeof r.id === 'string' && RUN_ID.test(r.id) && Array.isArray(r.targets));
  const known = new Set(indexed.map((r) => r.id));
  const present = folders ? new Set(folders) : undefined;
  const runs = [...indexed.filter((r) => !present || present.has(r.id)), ...(folders || []).filter((f) => RUN_ID.test(f) && !known.has(f)).map((id) => ({ id, targets: [], unindexed: true }))].sort((a, b) => (a.id < b.id ? 1 : -1));
  if (runs.length === 0) {
    setStatus('No benchmark run yet.');
    return;
  }
  const first = runs.slice(0, FIRST_RUNS);
  const older = runs.slice(FIRST_RUNS);
  renderNav(first, older.length > 0);
  document.getElementById('runs').replaceChildren(...first.map(indexRunSection), ...(older.length ? [olderRuns(older)] : []));
  renderHistory(runs.map((r) => ({ id: r.id, answers: r.targets })));
  setStatus(`${runs.length} run(s), newest first, from the results index: open a run's tables and charts with its button${older.length ? ', an older run by its link' : ''}.`);
}

/** A run as the index has it: its answers, and a button that loads its files and shows its tables and charts. */
function indexRunSection(run) {
  const titleId = `${anchorOf(run.id)}-title`;
  const section = h('section', { class: 'run', id: anchorOf(run.id), 'aria-labelledby': titleId, 'data-run': run.id, 'data-loaded': 'false' });
  const button = h('button', { type: 'button', class: 'show-run' }, 'Show the tables and charts');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    const loaded = await loadRun(run.id);
    const full = renderRun(loaded, styleIndex(loaded.targets.flatMap((t) => (t.summary?.benchmarks || []).map((b) => `${t.name} · ${b.name}`))));
    full.dataset.loaded = 'true';
    section.replaceWith(full);
    showStatus();
  });
  section.append(
    h('h2', { id: titleId }, `Run of ${runDate(run.id)}`),
    h('p', { class: 'run-meta' }, 'Run id ', h('code', {}, run.id), run.environment ? ` · environment ${run.environment}` : '', ` · ${run.targets.length} target(s) · `, link('all files', ['results', run.id, ''])),
    run.targets.length > 0
      ? verdictList(run.id, run.targets)
      : h('p', { class: 'notice' }, run.unindexed ? 'Not in the results index yet: its benchmarks may still run, or no results processor ran. Its tables show what each Job recorded.' : 'No target of this run has a summary: the results processor did not run. Its tables show what each Job recorded.'),
    button,
  );
  return section;
}

/** Older runs: a link each (`#run=<id>` opens it), OLDER_PAGE at a time. */
function olderRuns(runs) {
  const list = h('ul', { class: 'older-runs' });
  const more = h('button', { type: 'button', class: 'show-more' });
  let shown = 0;
  const showMore = () => {
    const next = runs.slice(shown, shown + OLDER_PAGE);
    list.append(...next.map((r) => h('li', { 'data-run': r.id }, h('a', { href: `#run=${encodeURIComponent(r.id)}` }, runDate(r.id)), ` · ${r.targets.length} target(s)`)));
    shown += next.length;
    more.textContent = `Show ${Math.min(OLDER_PAGE, runs.length - shown)} more of ${runs.length - shown}`;
    more.hidden = shown >= runs.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  return h('section', { id: 'older-runs', class: 'older', 'aria-labelledby': 'older-runs-title' }, h('h2', { id: 'older-runs-title' }, `Older runs (${runs.length})`), list, more);
}

/**
 * `#run=<id>` opens one run (also when the run list is unavailable); `&targets=a,b` names its targets when
 * neither a listing nor comparison.json can.
 */
function addressOf() {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const run = params.get('run') || undefined;
  const targets = params.get('targets') ? params.get('targets').split(',').filter(Boolean) : undefined;
  return { run, targets };
}

function renderNav(runs, older = false) {
  const nav = document.getElementById('run-nav');
  const items = runs.map((run) => h('li', {}, h('a', { href: `#${anchorOf(run.id)}` }, runDate(run.id))));
  if (older) items.push(h('li', {}, h('a', { href: '#older-runs' }, 'Older runs')));
  if (runs.length > 1 || older) items.push(h('li', {}, h('a', { href: '#history' }, 'History by target')));
  nav.replaceChildren(h('h2', { class: 'visually-hidden' }, 'Runs on this page'), h('ul', {}, items));
}

function anchorOf(runId) {
  return `run-${runId}`;
}

// --------------------------------------------------------------------------------------------- one run

function renderRun(run, styleOf) {
  const titleId = `${anchorOf(run.id)}-title`;
  const section = h('section', { class: 'run', id: anchorOf(run.id), 'aria-labelledby': titleId, 'data-run': run.id });
  const environment = run.comparison?.environment || run.targets.find((t) => t.summary)?.summary.environment;
  section.append(
    h('h2', { id: titleId }, `Run of ${runDate(run.id)}`),
    h(
      'p',
      { class: 'run-meta' },
      'Run id ',
      h('code', {}, run.id),
      environment ? ` · environment ${environment}` : '',
      ` · ${run.targets.length} target(s) · `,
      run.comparison ? [link('comparison.md', ['results', run.id, 'comparison.md']), ' · ', link('comparison.json', ['results', run.id, 'comparison.json']), ' · '] : '',
      run.listable ? link('all files', ['results', run.id, '']) : 'no directory listing here',
    ),
  );
  if (run.comparisonError) {
    section.append(h('p', { class: 'notice load-error' }, `comparison.json could not be loaded (${run.comparisonError}): the users per $/h column is empty; reload the page to try again.`));
  } else if (!run.comparison) {
    section.append(h('p', { class: 'notice' }, 'No comparison.json in this run (the results processor did not write one): the table shows what each target recorded.'));
  }
  if (run.targets.length === 0) {
    section.append(h('p', { class: 'notice' }, run.listingError ? `The targets of this run cannot be listed (${run.listingError}).` : 'No target folder with a summary.json or run.json in this run.'));
    return section;
  }
  if (run.targets.some((t) => t.answer)) section.append(verdictList(run.id, run.targets.filter((t) => t.answer).map((t) => t.answer)));
  section.append(targetTable(run));
  // Without any summary there is nothing to chart and no report link to annotate.
  if (run.targets.some((t) => t.summary)) section.append(fleetNote(run), ...planTables(run), loadCharts(run, styleOf), h('div', { class: 'load-charts' }, paretoCharts(run, styleOf)));
  return section;
}

// ------------------------------------------------------------------------------------------ the answer

const SWEET_SPOT_RULES = { slo: 'by SLO attainment', tiers: 'by the SLA tiers' };
/**
 * The answer first: per target and benchmark, one line — users within the SLA and the rule that decided it, where
 * and on what it breaks, the cost per 1M output tokens and the output tok/s per GPU at the sweet spot, and its rank
 * in the run by users per $/h. `answers`: the run's targets' entries (`index-entry.json`, as the index holds them;
 * the processor makes them: runtime/processor/run-index.ts).
 */
function verdictList(runId, answers) {
  const items = answers.flatMap((a) =>
    a.benchmarks.map((b) => h('li', { 'data-target': a.target, 'data-benchmark': b.name }, h('strong', {}, `${a.target} · ${b.name}: `), verdictText(answers, a, b))),
  );
  return h('section', { class: 'verdicts', 'aria-label': `The answer per target, run of ${runDate(runId)}` }, h('h3', {}, 'The answer'), h('ul', {}, items));
}

/** One benchmark's answer in words (what `verdictList` shows after the target and benchmark name). */
function verdictText(answers, answer, b) {
  const measured = [b.sweet, b.breaks, b.upTo].some((n) => typeof n === 'number');
  if (b.status !== 'succeeded' || !measured) return `${statusText(b)}: no answer from this benchmark.`;
  const unit = b.unit || 'users';
  const rule = SWEET_SPOT_RULES[b.rule || 'tiers'];
  const parts = [typeof b.sweet === 'number' ? `${formatLoad(b.sweet, unit)} within the SLA (${rule})` : `no load within the SLA (${rule}): the lowest already misses it`];
  parts.push(typeof b.breaks === 'number' ? `breaks at ${formatLoad(b.breaks, unit)}${b.why ? `: ${b.why}` : ''}` : `did not break up to ${formatLoad(b.upTo, unit)}`);
  if (typeof b.cost === 'number') parts.push(`${formatUsd(b.cost)} per 1M output tokens`);
  if (typeof b.perGpu === 'number') parts.push(`${formatNumber(b.perGpu)} output tok/s per GPU`);
  const rank = rankOf(answers, answer.target, b.name);
  if (rank) parts.push(`rank ${rank.rank} of ${rank.of} by users per $/h`);
  return `${parts.join(' · ')}.`;
}

/** Rank of a target's benchmark among the run's targets with that benchmark, by users per $/h (sweet spot / price). */
function rankOf(answers, target, benchmark) {
  const rows = answers.flatMap((a) => a.benchmarks.filter((b) => b.name === benchmark && typeof b.sweet === 'number' && a.price > 0).map((b) => ({ target: a.target, perDollar: b.sweet / a.price })));
  if (rows.length < 2) return undefined;
  const index = [...rows].sort((x, y) => y.perDollar - x.perDollar).findIndex((r) => r.target === target);
  return index < 0 ? undefined : { rank: index + 1, of: rows.length };
}

/** Column headers of the run table; `title` explains the figure. */
const COLUMNS = [
  ['Target', 'Model and GPU profile it is served on'],
  ['Benchmark', 'Scenario × load plan, and its status'],
  ['TTFT p95 at sweet spot', 'Time to first token, 95th percentile, at the sweet spot (or at the lowest load when no load is within the SLA)'],
  ['ITL p95 at sweet spot', 'Inter-token latency, 95th percentile, at the same load'],
  ['Sweet spot', 'Highest load with every load up to it within the SLA'],
  ['Breaking point', 'Last load not breaking – first load breaking the SLA'],
  ['Max throughput within SLA', 'Highest output tokens per second at a load within the SLA'],
  ['Cost per 1M output tokens', 'Price per hour / 3600 / output tok/s × 1,000,000, at the sweet spot and at max throughput'],
  ['Output tok/s per $/h', 'Output tokens per second per dollar-hour, at the sweet spot and at max throughput'],
  ['Users per $/h', 'Sweet-spot users per dollar-hour (comparison.json)'],
  ['Regressions', 'Against the previous successful run (and the baseline run, if pinned)'],
  ['Files', 'GuideLLM report and raw results of this benchmark'],
];

function targetTable(run) {
  const table = h('table', { class: 'targets' });
  table.append(
    h('caption', {}, `Targets of the run of ${runDate(run.id)}`),
    h('thead', {}, h('tr', {}, COLUMNS.map(([label, title]) => h('th', { scope: 'col', title }, label)))),
  );
  for (const target of run.targets) table.append(targetBody(run, target));
  // Wide tables scroll inside their box, so a phone-width page never scrolls sideways.
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Targets of the run of ${runDate(run.id)}` }, table);
}

/** One <tbody> per target: a row per benchmark, the target's header cell spanning them. */
function targetBody(run, target) {
  const body = h('tbody', { 'data-target': target.name });
  const summary = target.summary;
  if (!summary) {
    const text = target.loadError ? `Figures could not be loaded (${target.loadError}); reload the page to try again.` : noSummaryText(target.record);
    body.append(h('tr', {}, h('th', { scope: 'row' }, targetHeader(run, target)), h('td', { colspan: COLUMNS.length - 1, class: target.loadError ? 'notice load-error' : 'notice' }, text)));
    return body;
  }
  const benchmarks = summary.benchmarks || [];
  if (benchmarks.length === 0) {
    body.append(h('tr', {}, h('th', { scope: 'row' }, targetHeader(run, target)), h('td', { colspan: COLUMNS.length - 1 }, 'No benchmark in this summary.')));
    return body;
  }
  benchmarks.forEach((benchmark, index) => {
    const row = h('tr', { 'data-benchmark': benchmark.name });
    if (index === 0) row.append(h('th', { scope: 'rowgroup', rowspan: benchmarks.length }, targetHeader(run, target)));
    const row2 = comparisonRow(run, summary.target.name, benchmark.name);
    row.append(...benchmarkCells(run, target, benchmark, row2));
    body.append(row);
  });
  return body;
}

function targetHeader(run, target) {
  const t = target.summary?.target || target.record?.target || {};
  const hardware = [t.gpuCount ? `${t.gpuCount}× ${t.gpuType || 'GPU'}` : undefined, t.instanceType, typeof t.pricePerHour === 'number' ? `${formatUsd(t.pricePerHour)}/h` : undefined].filter(Boolean).join(', ');
  const files = [];
  if (target.summary) files.push(link('summary.md', ['results', run.id, target.name, 'summary.md']), ' · ', link('summary.json', ['results', run.id, target.name, 'summary.json']));
  if (target.record) files.push(files.length ? ' · ' : '', link('run.json', ['results', run.id, target.name, 'run.json']));
  return [
    h('span', { class: 'target-name' }, target.name),
    h('span', { class: 'target-line' }, `Model: ${t.model || NONE}`),
    h('span', { class: 'target-line' }, `GPU profile: ${t.gpuProfile || NONE}${hardware ? ` (${hardware})` : ''}`),
    h('span', { class: 'target-line files' }, files),
  ];
}

/** What a target without summary.json says about itself in run.json. */
function noSummaryText(record) {
  if (!record) return 'No summary.json and no run.json: the benchmark Job may still be running, or never started.';
  const benchmarks = (record.benchmarks || []).map((b) => `${b.name}: ${b.status}`).join('; ');
  return `No summary.json (the results processor did not run). run.json outcome: ${record.outcome || 'unknown'}${benchmarks ? ` (${benchmarks})` : ''}.`;
}

function comparisonRow(run, target, benchmark) {
  const rows = run.comparison && Array.isArray(run.comparison.rows) ? run.comparison.rows : [];
  return rows.find((r) => r.target === target && r.benchmark === benchmark);
}

/** The level the latency columns show: the sweet spot, or the lowest load when there is none. */
function referenceLevel(benchmark) {
  const levels = benchmark.levels || [];
  if (benchmark.sweetSpot && levels[benchmark.sweetSpot.levelIndex]) return { level: levels[benchmark.sweetSpot.levelIndex], where: '' };
  if (levels.length === 0) return undefined;
  const lowest = levels.reduce((a, b) => (b.load < a.load ? b : a));
  return { level: lowest, where: ' (lowest)' };
}

function unitAt(benchmark, load) {
  return (benchmark.levels || []).find((l) => l.load === load)?.loadUnit || 'users';
}

function benchmarkCells(run, target, b, compared) {
  const levels = b.levels || [];
  const measured = levels.length > 0;
  const ref = referenceLevel(b);
  const figure = (value, text, sub) => h('td', { class: value === undefined ? 'num missing' : 'num' }, value === undefined ? NONE : text, sub ? h('span', { class: 'sub' }, sub) : '');
  const at = ref ? `at ${formatLoad(ref.level.load, ref.level.loadUnit)}${ref.where}` : undefined;
  const ttft = ref?.level.ttftMs?.p95;
  const itl = ref?.level.itlMs?.p95;

  let sweet = NONE;
  if (b.sweetSpot) sweet = formatLoad(b.sweetSpot.load, unitAt(b, b.sweetSpot.load));
  else if (measured) sweet = 'none (lowest load already outside the SLA)';

  let breaking = NONE;
  if (b.breakingPoint) {
    const unit = unitAt(b, b.breakingPoint.firstBad);
    breaking = b.breakingPoint.lastGood === undefined ? `at ${formatLoad(b.breakingPoint.firstBad, unit)} (the lowest)` : `${formatNumber(b.breakingPoint.lastGood)}–${formatLoad(b.breakingPoint.firstBad, unit)}`;
  } else if (measured) breaking = 'not reached';

  const within = b.maxThroughputWithinSla;
  const cost = b.cost || { atSweetSpot: {}, atMaxThroughput: {} };
  const pair = (format, key, fallback) => {
    const at = (figures) => figures?.[key] ?? (fallback ? fallback(figures) : undefined);
    const atSweet = at(cost.atSweetSpot);
    const atMax = at(cost.atMaxThroughput);
    if (atSweet === undefined && atMax === undefined) return h('td', { class: 'num missing' }, NONE);
    return h('td', { class: 'num' }, h('span', { class: 'pair' }, `${format(atSweet)} `, h('span', { class: 'sub-inline' }, 'sweet spot')), h('span', { class: 'pair' }, `${format(atMax)} `, h('span', { class: 'sub-inline' }, maxLabel)));
  };
  // "max" is the highest throughput measured, within the SLA or not: say which and at what errors
  const top = b.maxThroughput;
  const topLevel = top ? levels.find((l) => l.load === top.load) : undefined;
  const topErrors = typeof topLevel?.errorRate === 'number' && topLevel.errorRate > 0 ? `, ${formatNumber(topLevel.errorRate * 100)}\u00a0% errors` : '';
  const maxLabel = top ? `max: ${formatNumber(top.outputTokensPerSecond)} tok/s at ${formatLoad(top.load, unitAt(b, top.load))}${topErrors}` : 'max';

  return [
    h('td', {}, h('span', { class: 'bench-name' }, b.name), h('span', { class: `bench-status status-${b.status}` }, statusText(b))),
    figure(ttft, `${formatNumber(ttft)} ms`, at),
    figure(itl, `${formatNumber(itl)} ms`, ref && ref.where ? 'at the lowest load' : undefined),
    h('td', { class: b.sweetSpot ? 'num' : 'num missing' }, sweet),
    h('td', { class: b.breakingPoint ? 'num' : 'num missing' }, breaking, bottleneckBlock(b)),
    figure(within?.outputTokensPerSecond, `${formatNumber(within?.outputTokensPerSecond)} tok/s`, within ? `at ${formatLoad(within.load, unitAt(b, within.load))}` : undefined),
    // schema 1 summaries have the cost per 1k only
    pair(formatUsd, 'costPer1MOutputTokens', (figures) => (typeof figures?.costPer1kOutputTokens === 'number' ? figures.costPer1kOutputTokens * 1000 : undefined)),
    pair(formatNumber, 'outputTokensPerSecondPerDollarHour'),
    figure(compared?.usersPerDollarHour, formatNumber(compared?.usersPerDollarHour)),
    regressionCell(target.summary, b),
    filesCell(run, target, b),
  ];
}

const BOTTLENECK_TITLES = { 'kv-cache-wall': 'KV-cache wall', 'compute-wall': 'compute wall', 'latency-floor': 'latency floor', 'not-reached': 'not reached', unknown: 'unknown' };

/** The bottleneck analysis' classification with its evidence (or why it is unknown), under the breaking point. */
function bottleneckBlock(b) {
  const n = b.bottleneck;
  if (!n) return '';
  const where = typeof n.load === 'number' && n.loadUnit ? ` at ${formatLoad(n.load, n.loadUnit)}` : '';
  const lines = [...(n.evidence || []), ...(n.reason ? [n.reason] : [])];
  const flags = (b.levels || []).flatMap((l) => (l.flags || []).map((f) => `${formatLoad(l.load, l.loadUnit)}: ${f}`));
  return h(
    'div',
    { class: `bottleneck bottleneck-${n.kind}`, 'data-bottleneck': n.kind },
    h('span', { class: 'bottleneck-kind' }, `Bottleneck: ${BOTTLENECK_TITLES[n.kind] || n.kind}${where}`),
    lines.length ? h('ul', { class: 'evidence' }, lines.map((line) => h('li', {}, line))) : '',
    flags.length ? h('ul', { class: 'evidence flags-server' }, flags.map((f) => h('li', { class: 'flag' }, `⚠ ${f}`))) : '',
  );
}

/** Status in words, so it reads without colour. */
function statusText(b) {
  const words = { succeeded: 'succeeded', failed: 'FAILED', interrupted: 'INTERRUPTED', 'not-run': 'not run', unreadable: 'report unreadable', invalid: 'INVALID DATA' };
  return words[b.status] || b.status;
}

const REGRESSION_LABELS = { 'max-throughput-drop': 'max throughput', 'sweet-spot-drop': 'sweet spot', 'ttft-p95-rise': 'TTFT p95' };

/** Findings of one benchmark, one flag per kind (the worst change), the messages in a tooltip. */
function regressionCell(summary, benchmark) {
  const benchmarkName = benchmark.name;
  // A benchmark without figures (failed, not run) has nothing to compare.
  if ((benchmark.levels || []).length === 0) return h('td', { class: 'missing' }, NONE);
  const regressions = summary.regressions || { comparedWith: [], findings: [] };
  if (!regressions.comparedWith || regressions.comparedWith.length === 0) return h('td', { class: 'missing' }, `${NONE} `, h('span', { class: 'sub' }, 'no earlier run'));
  const findings = (regressions.findings || []).filter((f) => f.benchmark === benchmarkName);
  const against = `vs ${regressions.comparedWith.map(runDate).join(', ')}`;
  if (findings.length === 0) return h('td', { class: 'ok' }, 'none ', h('span', { class: 'sub' }, against));
  const byKind = new Map();
  for (const f of findings) {
    const list = byKind.get(f.kind) || [];
    list.push(f);
    byKind.set(f.kind, list);
  }
  const items = [...byKind.entries()].map(([kind, list]) => {
    const worst = list.reduce((a, b) => (Math.abs(b.changePercent) > Math.abs(a.changePercent) ? b : a));
    const where = list.length > 1 ? ` (${list.length} loads)` : '';
    // each load's change readable without hovering, lowest load first
    const perLoad = list.filter((f) => typeof f.load === 'number').sort((a, b) => a.load - b.load);
    const loads = perLoad.length > 0 ? h('ul', { class: 'flag-loads' }, perLoad.map((f) => h('li', { 'data-load': f.load }, `at ${formatLoad(f.load, unitAt(benchmark, f.load))}: ${formatPercent(f.changePercent)}`))) : '';
    return h('li', { class: 'flag', 'data-kind': kind, title: list.map((f) => f.message).join('\n') }, `⚠ ${REGRESSION_LABELS[kind] || kind} ${formatPercent(worst.changePercent)}${where}`, loads);
  });
  return h('td', { class: 'regressed' }, h('ul', { class: 'flags' }, items), h('span', { class: 'sub' }, against));
}

/** Links to the benchmark's files that run.json lists (so no link is dead); the JSON report when unknown. */
function filesCell(run, target, b) {
  if (!b.report) return h('td', { class: 'missing' }, NONE);
  const folder = b.report.includes('/') ? b.report.slice(0, b.report.lastIndexOf('/')) : '';
  const record = (target.record?.benchmarks || []).find((r) => r.name === b.name);
  const attempt = record && (record.attempts || []).find((a) => a.folder === folder);
  const has = (file) => (attempt ? (attempt.files || []).includes(file) : file === 'benchmarks.json' && (b.levels || []).length > 0);
  const base = ['results', run.id, target.name, folder];
  const links = [];
  if (has('benchmarks.html')) links.push(link('HTML report*', [...base, 'benchmarks.html'], { title: 'GuideLLM’s report: needs internet to render (it downloads its UI)', class: 'needs-internet' }));
  if (has('benchmarks.json')) links.push(link('JSON', [...base, 'benchmarks.json']));
  if (has('benchmarks.csv')) links.push(link('CSV', [...base, 'benchmarks.csv']));
  if (attempt && run.listable) links.push(link('folder', [...base, '']));
  if (links.length === 0) return h('td', { class: 'missing' }, 'no report');
  return h('td', {}, h('ul', { class: 'files' }, links.map((a) => h('li', {}, a))));
}

/** The equal-cost fleet from comparison.json, in one sentence per target × benchmark. */
function fleetNote(run) {
  const rows = (run.comparison?.rows || []).filter((r) => r.equalCostInstances !== undefined && (r.equalCostUsers !== undefined || r.equalCostOutputTokensPerSecond !== undefined));
  if (rows.length === 0) return h('p', { class: 'note-inline' }, '* HTML report: GuideLLM’s own page, needs internet to render.');
  const budget = Math.max(...run.comparison.rows.map((r) => r.pricePerHour || 0));
  return h(
    'details',
    { class: 'fleet' },
    h('summary', {}, `Equal-cost fleet: what ${formatUsd(budget)}/h buys of each target`),
    h(
      'ul',
      {},
      rows.map((r) => h('li', {}, `${r.target} · ${r.benchmark}: ${r.equalCostInstances} instance(s) serve ${r.equalCostUsers === undefined ? NONE : formatNumber(r.equalCostUsers)} users at the sweet spot, ${formatNumber(r.equalCostOutputTokensPerSecond)} output tok/s at max throughput`)),
    ),
    h('p', { class: 'note-inline' }, '* HTML report: GuideLLM’s own page, needs internet to render.'),
  );
}

// ---------------------------------------------------------------------------------------------- charts

/** A "nice" step (1, 2, 2.5 or 5 × 10^n) for about `count` ticks over `range`. */
function niceStep(range, count) {
  const raw = range / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw) * power;
  return step;
}

function linearTicks(min, max, count) {
  if (max <= min) max = min + 1;
  const step = niceStep(max - min, count);
  const ticks = [Number((Math.floor(min / step) * step).toPrecision(12))];
  // Up to the first tick at or above max, so the highest point is always inside the plot.
  while (ticks[ticks.length - 1] < max - step * 1e-9) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** 1-2-5 ticks for a log axis, from the last one at or below min to the first one at or above max. */
function logTicks(min, max) {
  const all = [];
  for (let p = Math.floor(Math.log10(min)) - 1; p <= Math.ceil(Math.log10(max)) + 1; p++) {
    for (const m of [1, 2, 5]) all.push(Number((m * 10 ** p).toPrecision(12)));
  }
  const lo = all.filter((v) => v <= min * 1.0001).pop();
  const hi = all.find((v) => v >= max / 1.0001);
  return all.filter((v) => v >= lo && v <= hi);
}

const MARKERS = ['circle', 'square', 'triangle', 'diamond'];
/** Dash patterns, so lines differ without colour too. */
const DASHES = [null, '7 4', '2 3', '9 3 2 3'];

/** A marker shape at (x, y). */
function marker(kind, x, y, attrs) {
  const r = 4.5;
  if (kind === 'square') return s('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...attrs });
  if (kind === 'triangle') return s('polygon', { points: `${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`, ...attrs });
  if (kind === 'diamond') return s('polygon', { points: `${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`, ...attrs });
  return s('circle', { cx: x, cy: y, r, ...attrs });
}

/**
 * The same series keeps the same colour, marker and dash in every chart of the page: its index in the sorted
 * list of every name seen.
 */
function styleIndex(names) {
  const sorted = [...new Set(names)].sort();
  return (name) => sorted.indexOf(name);
}

/**
 * A line chart as SVG.
 * options: { id, kind, title, xLabel, yLabel, yLog, series: [{ name, style, points: [{ x, y, text, run }] }],
 *            categories: [label] (x is then an index), thresholds: [{ y, label, className }] }
 * A point with y undefined breaks its line (a run without the figure).
 */
function lineChart(o) {
  const W = 640;
  const H = 300;
  // Threshold labels go right of the plot, where no line can run through them.
  const M = { left: 64, right: (o.thresholds || []).length > 0 ? 140 : 20, top: 16, bottom: 52 };
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const points = o.series.flatMap((sr) => sr.points).filter((p) => typeof p.y === 'number' && (!o.yLog || p.y > 0));
  const ys = [...points.map((p) => p.y), ...(o.thresholds || []).map((t) => t.y)];

  // x scale: category indices, or the load from 0 to its maximum.
  let xMin;
  let xMax;
  let xTicks;
  if (o.categories) {
    xMin = -0.5;
    xMax = o.categories.length - 0.5;
    xTicks = o.categories.map((_, i) => i);
  } else {
    xMin = 0;
    xMax = Math.max(1, ...points.map((p) => p.x));
    xTicks = linearTicks(0, xMax, 6);
    xMax = xTicks[xTicks.length - 1];
  }
  let yTicks;
  let yOf;
  if (o.yLog) {
    yTicks = logTicks(Math.min(...ys), Math.max(...ys));
    const lo = yTicks[0];
    const hi = yTicks[yTicks.length - 1];
    yOf = (v) => M.top + ph - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * ph;
  } else {
    yTicks = linearTicks(0, Math.max(1, ...ys) * 1.05, 5);
    const hi = yTicks[yTicks.length - 1];
    yOf = (v) => M.top + ph - (v / hi) * ph;
  }
  const xOf = (v) => M.left + ((v - xMin) / (xMax - xMin)) * pw;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': `${o.id}-title`, 'data-chart': o.kind });
  svg.append(s('title', { id: `${o.id}-title` }, o.title));

  // Grid and axes.
  const grid = s('g', { class: 'grid' });
  for (const t of yTicks) {
    const y = yOf(t);
    grid.append(s('line', { x1: M.left, x2: M.left + pw, y1: y, y2: y }), s('text', { x: M.left - 6, y: y + 4, class: 'tick y' }, formatNumber(t)));
  }
  const every = Math.max(1, Math.ceil(xTicks.length / 8));
  xTicks.forEach((t, i) => {
    if (i % every !== 0 && i !== xTicks.length - 1) return;
    const x = xOf(t);
    grid.append(s('line', { x1: x, x2: x, y1: M.top + ph, y2: M.top + ph + 5, class: 'tick-mark' }), s('text', { x, y: M.top + ph + 18, class: 'tick x' }, o.categories ? o.categories[t] : formatNumber(t)));
  });
  grid.append(s('line', { x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph, class: 'axis' }), s('line', { x1: M.left, x2: M.left, y1: M.top, y2: M.top + ph, class: 'axis' }));
  svg.append(grid);
  svg.append(s('text', { x: M.left + pw / 2, y: H - 8, class: 'axis-label' }, o.xLabel), s('text', { x: 14, y: M.top + ph / 2, class: 'axis-label', transform: `rotate(-90 14 ${M.top + ph / 2})` }, o.yLabel));

  // SLA thresholds: dashed, labelled right of the plot.
  for (const t of o.thresholds || []) {
    const y = yOf(t.y);
    svg.append(s('g', { class: `threshold ${t.className}`, 'data-threshold': t.className }, s('line', { x1: M.left, x2: M.left + pw, y1: y, y2: y }), s('text', { x: M.left + pw + 6, y: y + 4 }, t.label)));
  }

  // One line per series; markers carry a tooltip with the exact figure.
  o.series.forEach((sr) => {
    const i = sr.style;
    const g = s('g', { class: `series s${i % 8}`, 'data-series': sr.name });
    let segment = [];
    const flush = () => {
      if (segment.length > 1) g.append(s('polyline', { points: segment.join(' '), 'stroke-dasharray': DASHES[i % DASHES.length] || undefined }));
      segment = [];
    };
    for (const p of sr.points) {
      if (typeof p.y !== 'number' || (o.yLog && p.y <= 0)) {
        flush();
        continue;
      }
      segment.push(`${xOf(p.x).toFixed(1)},${yOf(p.y).toFixed(1)}`);
    }
    flush();
    for (const p of sr.points) {
      if (typeof p.y !== 'number' || (o.yLog && p.y <= 0)) continue;
      const m = marker(MARKERS[i % MARKERS.length], xOf(p.x), yOf(p.y), { class: 'point', 'data-x': p.x, 'data-y': p.y, 'data-run': p.run });
      m.append(s('title', {}, `${sr.name}: ${p.text}`));
      g.append(m);
    }
    svg.append(g);
  });
  return svg;
}

/** The legend: the same marker and dash as the line, then its name. */
function legend(series) {
  return h(
    'ul',
    { class: 'legend' },
    series.map((sr) => {
      const i = sr.style;
      const key = s('svg', { viewBox: '0 0 36 12', class: `legend-key series s${i % 8}`, 'aria-hidden': 'true' }, s('line', { x1: 2, x2: 34, y1: 6, y2: 6, 'stroke-dasharray': DASHES[i % DASHES.length] || undefined }), marker(MARKERS[i % MARKERS.length], 18, 6, { class: 'point' }));
      return h('li', {}, key, sr.name);
    }),
  );
}

/**
 * Per benchmark of comparison.json: every level of every target as output tok/s per user (x) against output tok/s
 * per GPU (y), a line per target, and the Pareto frontier across targets (levels no other beats on both) dashed.
 */
function paretoCharts(run, styleOf) {
  const pareto = (run.comparison && run.comparison.pareto) || {};
  return Object.keys(pareto)
    .sort()
    .map((benchmark) => {
      const { points = [], frontier = [] } = pareto[benchmark] || {};
      const pointOf = (p) => ({ x: p.outputTokensPerSecondPerUser, y: p.outputTokensPerSecondPerGpu, text: `${formatNumber(p.outputTokensPerSecondPerUser)} tok/s per user, ${formatNumber(p.outputTokensPerSecondPerGpu)} tok/s per GPU at ${formatLoad(p.load, p.loadUnit)}${p.meetsSlo ? ', meets the SLO' : ''}` });
      const targets = [...new Set(points.map((p) => p.target))].sort();
      const series = targets.map((target) => ({
        name: `${target} · ${benchmark}`,
        style: styleOf(`${target} · ${benchmark}`),
        points: points.filter((p) => p.target === target).map(pointOf).sort((a, b) => a.x - b.x),
      }));
      // the frontier in a style of its own, after the targets'
      const front = { name: 'Pareto frontier', style: Math.max(0, ...series.map((sr) => sr.style)) + 1, points: frontier.map((i) => points[i]).filter(Boolean).map((p) => ({ ...pointOf(p), text: `frontier: ${pointOf(p).text} (${p.target})` })).sort((a, b) => a.x - b.x) };
      const all = [...series, ...(front.points.length ? [front] : [])];
      return h(
        'figure',
        { class: 'chart-figure', 'data-figure': 'pareto', 'data-benchmark': benchmark },
        h('figcaption', {}, `Trade-off of ${benchmark}: speed per user against throughput per GPU, run of ${runDate(run.id)}`),
        lineChart({ id: `pareto-${run.id}-${benchmark}`, kind: 'pareto', title: `${benchmark}: output tok/s per GPU against output tok/s per user`, xLabel: 'output tok/s per user', yLabel: 'output tok/s per GPU', series: all }),
        legend(all),
      );
    });
}

/** The capacity plan of comparison.json, per demand: every target's replicas and price, cheapest first. */
function planTables(run) {
  const plans = (run.comparison && run.comparison.plans) || [];
  return plans.map((plan) => {
    const unit = plan.unit === 'requests/s' ? 'req/s' : 'users';
    const table = h('table', { class: 'plan', 'data-demand': plan.demand });
    table.append(
      h('caption', {}, `Capacity plan for ${plan.demand}: ${formatNumber(plan.amount)} ${unit}`),
      h('thead', {}, h('tr', {}, ['Target', 'Benchmark', 'Replicas', '$ per hour', 'Capacity per replica', 'Headroom', 'Cost per 1M output tokens'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        plan.rows.map((r) =>
          h(
            'tr',
            { 'data-target': r.target },
            h('th', { scope: 'row' }, r.target, r.target === plan.cheapest ? h('span', { class: 'sub' }, 'cheapest') : r.target === plan.runnerUp && typeof plan.runnerUpExtraPercent === 'number' ? h('span', { class: 'sub' }, `runner-up, +${formatNumber(plan.runnerUpExtraPercent)}\u00a0%`) : ''),
            h('td', {}, r.benchmark),
            h('td', { class: 'num' }, String(r.replicas)),
            h('td', { class: 'num' }, formatUsd(r.dollarsPerHour)),
            h('td', { class: 'num' }, `${formatNumber(r.capacityPerReplica)} ${unit}`, r.basis === 'littles-law' ? h('span', { class: 'sub' }, "by Little's law") : ''),
            h('td', { class: 'num' }, `${formatNumber(r.headroom * 100)}\u00a0%`),
            h('td', { class: 'num' }, typeof r.costPer1MOutputTokens === 'number' ? formatUsd(r.costPer1MOutputTokens) : NONE),
          ),
        ),
      ),
    );
    const notes = (plan.unavailable || []).map((u) => h('li', {}, u));
    return h('div', { class: 'table-scroll plan-block', tabindex: '0', role: 'region', 'aria-label': `Capacity plan for ${plan.demand}` }, table, notes.length ? h('ul', { class: 'notice' }, notes) : '');
  });
}

/**
 * The charts of one run against load, one per SLA metric the levels carry, with the SLA's acceptable and breaking
 * lines: TTFT p95 (log scale), ITL p95, error rate, and the SLO attainment when the summaries have it.
 */
const LOAD_CHARTS = [
  { kind: 'ttft', caption: 'TTFT p95', yLabel: 'TTFT p95 (ms, log scale)', yLog: true, unit: ' ms', scale: 1, value: (l) => l.ttftMs?.p95, sla: (sla) => sla?.ttftP95Ms },
  { kind: 'itl', caption: 'ITL p95', yLabel: 'ITL p95 (ms)', unit: ' ms', scale: 1, value: (l) => l.itlMs?.p95, sla: (sla) => sla?.itlP95Ms },
  { kind: 'error-rate', caption: 'Error rate', yLabel: 'error rate (%)', unit: '\u00a0%', scale: 100, value: (l) => l.errorRate, sla: (sla) => sla?.errorRate },
  { kind: 'attainment', caption: 'SLO attainment', yLabel: 'requests meeting the SLO (%)', unit: '\u00a0%', scale: 100, value: (l) => l.slo?.attainment, sla: () => undefined, onlyWhenPresent: true },
];

function loadCharts(run, styleOf) {
  return h('div', { class: 'load-charts' }, LOAD_CHARTS.map((spec) => loadChart(run, styleOf, spec)).filter(Boolean));
}

/** One chart of `spec`'s figure against load for every target × benchmark of the run. */
function loadChart(run, styleOf, spec) {
  const series = [];
  const units = new Set();
  let sla;
  for (const target of run.targets) {
    if (!target.summary) continue;
    sla = sla || spec.sla(target.summary.sla);
    for (const b of target.summary.benchmarks || []) {
      const points = (b.levels || [])
        .filter((l) => typeof spec.value(l) === 'number')
        .sort((a, c) => a.load - c.load)
        .map((l) => {
          units.add(l.loadUnit);
          const y = spec.value(l) * spec.scale;
          return { x: l.load, y, text: `${formatNumber(y)}${spec.unit} at ${formatLoad(l.load, l.loadUnit)} (${l.tier})` };
        });
      if (points.length > 0) series.push({ name: `${target.name} · ${b.name}`, style: styleOf(`${target.name} · ${b.name}`), points });
    }
  }
  if (series.length === 0 && spec.onlyWhenPresent) return undefined;
  const figure = h('figure', { class: 'chart-figure', 'data-figure': spec.kind });
  const caption = h('figcaption', {}, `${spec.caption} against load, run of ${runDate(run.id)}`);
  if (series.length === 0) {
    figure.append(caption, h('p', { class: 'notice' }, `No load level with a ${spec.caption} to chart in this run.`));
    return figure;
  }
  const unit = units.size === 1 ? ([...units][0] === 'requests/s' ? 'req/s' : 'users') : 'users or req/s';
  const line = (tier) => ({ y: sla[tier] * spec.scale, label: `${tier} ${formatNumber(sla[tier] * spec.scale)}${spec.unit}`, className: tier });
  const thresholds = sla ? [line('acceptable'), line('breaking')] : [];
  figure.append(
    caption,
    lineChart({ id: `${spec.kind}-${run.id}`, kind: spec.kind, title: `${spec.yLabel} against load (${unit})`, xLabel: `load (${unit})`, yLabel: spec.yLabel, yLog: spec.yLog, series, thresholds }),
    legend(series),
  );
  return figure;
}

// --------------------------------------------------------------------------------------------- history

/** Above this many runs × targets, each target's history charts are drawn when its section is opened. */
const EAGER_HISTORY_POINTS = 400;

/**
 * Per target: max throughput within SLA and sweet spot per run, oldest run on the left. `runs`: newest first, each
 * `{ id, answers }` (its targets' entries, from their files or from the results index).
 */
function renderHistory(runs) {
  const section = document.getElementById('history');
  const chronological = [...runs].reverse();
  const targets = [...new Set(chronological.flatMap((r) => r.answers.map((a) => a.target)))].sort();
  if (runs.length < 2 || targets.length === 0) {
    section.hidden = true;
    return;
  }
  const categories = chronological.map((r) => shortRunDate(r.id));
  const styleOf = styleIndex(chronological.flatMap((r) => r.answers.flatMap((a) => a.benchmarks.map((b) => b.name))));
  const lazy = runs.length * targets.length > EAGER_HISTORY_POINTS;
  const container = document.getElementById('history-charts');
  container.replaceChildren(
    ...targets.map((name) => {
      const id = `history-${name}`;
      const charts = () => historyCharts(name, id, chronological, categories, styleOf);
      if (!lazy) return h('section', { class: 'history-target', 'data-target': name, 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, name), ...charts());
      // many runs: a target's charts are drawn when its section is opened, not all of them on the first screen
      const details = h('details', { class: 'history-target', 'data-target': name }, h('summary', {}, h('h3', { id: `${id}-title` }, name)));
      details.addEventListener('toggle', () => {
        if (details.open && details.children.length === 1) details.append(...charts());
      });
      return details;
    }),
  );
  section.hidden = false;
}

/** The two history charts of one target and their legend: one line per benchmark. */
function historyCharts(name, id, chronological, categories, styleOf) {
  const answers = chronological.map((r) => r.answers.find((a) => a.target === name));
  const benchmarks = [...new Set(answers.flatMap((a) => (a ? a.benchmarks.map((b) => b.name) : [])))];
  const seriesOf = (figureOf) =>
    benchmarks.map((bn) => ({
      name: bn,
      style: styleOf(bn),
      points: answers.map((a, i) => {
        const b = a?.benchmarks.find((x) => x.name === bn);
        const f = b ? figureOf(b) : undefined;
        return { x: i, y: f?.value, text: f ? `${f.text} in the run of ${runDate(chronological[i].id)}` : '', run: chronological[i].id };
      }),
    }));
  return historyChartPair(name, id, categories, seriesOf);
}

/** A benchmark's max output throughput within SLA and its sweet spot, as history figures (undefined: none). */
const HISTORY_FIGURES = {
  throughput: (b) => typeof b.tps === 'number' && { value: b.tps, text: `${formatNumber(b.tps)} tok/s` },
  sweet: (b) => typeof b.sweet === 'number' && { value: b.sweet, text: formatLoad(b.sweet, b.unit || 'users') },
};

/** Max output throughput within SLA and sweet spot per run, side by side, and their legend; `seriesOf(figureOf)` makes the lines. */
function historyChartPair(name, id, categories, seriesOf) {
  const throughput = seriesOf(HISTORY_FIGURES.throughput);
  const sweet = seriesOf(HISTORY_FIGURES.sweet);
  return [
    h(
      'div',
      { class: 'chart-pair' },
      h('figure', { class: 'chart-figure' }, h('figcaption', {}, 'Max output throughput within SLA (tok/s)'), lineChart({ id: `${id}-tps`, kind: 'history-throughput', title: `${name}: max output tok/s within SLA per run`, xLabel: 'run (UTC date)', yLabel: 'output tok/s', series: throughput, categories })),
      h('figure', { class: 'chart-figure' }, h('figcaption', {}, 'Sweet spot (load)'), lineChart({ id: `${id}-sweet`, kind: 'history-sweet-spot', title: `${name}: sweet spot per run`, xLabel: 'run (UTC date)', yLabel: 'sweet spot (users)', series: sweet, categories })),
    ),
    legend(throughput),
  ];
}

// ------------------------------------------------------------------------------------------------ start

window.addEventListener('hashchange', () => {
  // Only `#run=` changes what is loaded; in-page anchors (#run-…, #history) just scroll.
  if (window.location.hash.startsWith('#run=') || document.body.dataset.single === 'true') window.location.reload();
});

document.addEventListener('DOMContentLoaded', () => {
  document.body.dataset.single = String(Boolean(addressOf().run));
  main().catch((e) => {
    document.getElementById('status').textContent = `The page failed: ${e.message}`;
    document.body.dataset.state = 'error';
    console.error(e);
  });
});
