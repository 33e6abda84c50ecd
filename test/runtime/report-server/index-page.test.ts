/**
 * The index page in a real browser behind the real nginx: Debian's nginx serves the generated nginx.conf on
 * loopback (site files from runtime/report-server/site, results from a tree the real results processor made
 * from the real GuideLLM report), and Debian's headless Chromium, driven by playwright-core, opens the page
 * under its Content-Security-Policy. The full-page screenshot is saved as test-artifacts/report-index.png.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium, ConsoleMessage, Page } from 'playwright-core';
import { formatLoad, formatNumber, formatUsd } from '../../../runtime/processor/format';
import { BenchmarkSummary, RunComparison, TargetSummary } from '../../../runtime/processor/types';
import { INDEX_CSP } from '../../../runtime/report-server/nginx-conf';
import { CHROMIUM, CHROMIUM_FLAGS, FETCH_COUNTER } from '../../helpers/chromium';
import { PROJECT_ROOT } from '../../helpers/project';
import { ReportNginx, startReportNginx } from '../../helpers/report-nginx';
import { buildResultsTree, FAILED, PARTIAL_RUN, ResultsTree, RUNS, TARGETS } from './fixtures';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
const NEWEST_FIRST = [...RUNS].reverse();

jest.setTimeout(120_000);

let tree: ResultsTree;
let nginx: ReportNginx | undefined;
let base: string;
let browser: Browser;

beforeAll(async () => {
  tree = await buildResultsTree();
  nginx = await startReportNginx(tree.root, { resultsRoot: tree.results });
  base = nginx.base;
  // playwright-core starts Chromium with a fresh temporary --user-data-dir of its own on every launch.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  tree?.remove();
});

/** Opens every run drawn from the results index (its button loads its files) and waits until all are shown. */
async function showAllRuns(page: Page): Promise<void> {
  await page.evaluate(`document.querySelectorAll('button.show-run').forEach((b) => b.click())`);
  await page.waitForSelector('section.run[data-loaded="false"]', { state: 'detached', timeout: 30_000 });
}

/** A page that records console errors, uncaught exceptions and CSP violations; every run opened unless `firstScreen`. */
async function openPage(url: string, viewport = { width: 1440, height: 1000 }, firstScreen = false): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  // Injected through the DevTools protocol, so the page's CSP does not apply to this listener itself.
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
  if (!firstScreen) await showAllRuns(page);
  return { page, problems };
}

const summaryOf = (run: string, target: string): TargetSummary => tree.summaries[run][target];
const comparisonOf = (run: string): RunComparison => JSON.parse(fs.readFileSync(path.join(tree.results, run, 'comparison.json'), 'utf8'));
const unitAt = (b: BenchmarkSummary, load: number) => b.levels.find((l) => l.load === load)?.loadUnit ?? 'users';

/** The figures the page must show for one benchmark, computed from the summary the processor wrote. */
function expectedCells(run: string, summary: TargetSummary, b: BenchmarkSummary): Record<string, string> {
  const ref = b.sweetSpot ? b.levels[b.sweetSpot.levelIndex] : b.levels[0];
  const row = comparisonOf(run).rows.find((r) => r.target === summary.target.name && r.benchmark === b.name)!;
  return {
    ttft: `${formatNumber(ref.ttftMs.p95!)} ms`,
    itl: `${formatNumber(ref.itlMs.p95!)} ms`,
    sweet: formatLoad(b.sweetSpot!.load, unitAt(b, b.sweetSpot!.load)),
    breaking: b.breakingPoint ? `${formatNumber(b.breakingPoint.lastGood!)}–${formatLoad(b.breakingPoint.firstBad, 'users')}` : 'not reached',
    within: `${formatNumber(b.maxThroughputWithinSla!.outputTokensPerSecond)} tok/s`,
    cost: formatUsd(b.cost.atSweetSpot.costPer1MOutputTokens!),
    perDollar: formatNumber(b.cost.atMaxThroughput.outputTokensPerSecondPerDollarHour!),
    usersPerDollar: formatNumber(row.usersPerDollarHour!),
  };
}

describe('the index page, served by the real nginx, in headless Chromium', () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await openPage(`${base}/`));
  });

  test('nginx serves it under the strict CSP', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(INDEX_CSP);
  });

  test('lists the runs newest first, the partial run last', async () => {
    const runs = await page.$$eval('section.run', (sections) => sections.map((s) => s.getAttribute('data-run')));
    expect(runs).toEqual([...NEWEST_FIRST, PARTIAL_RUN]);
    const headings = await page.$$eval('section.run > h2', (hs) => hs.map((h) => h.textContent));
    expect(headings[0]).toBe('Run of 2026-12-01 02:00 UTC');
    expect(await page.textContent('#status')).toBe("4 run(s), newest first, from the results index: open a run's tables and charts with its button.");
  });

  test('each run shows every target and benchmark with the figures of its summary.json and comparison.json', async () => {
    for (const run of RUNS) {
      for (const target of TARGETS) {
        const summary = summaryOf(run, target.name);
        const body = page.locator(`section[data-run="${run}"] tbody[data-target="${target.name}"]`);
        const header = await body.locator('th').innerText();
        expect(header).toContain(target.name);
        expect(header).toContain(`Model: ${target.model}`);
        expect(header).toContain(`GPU profile: ${target.gpuProfile}`);
        for (const b of summary.benchmarks) {
          const cells = await body.locator(`tr[data-benchmark="${b.name}"] td`).allInnerTexts();
          expect(cells).toHaveLength(11);
          expect(cells[0]).toContain(b.name);
          if (run === FAILED.run && target.name === FAILED.target && b.name === FAILED.benchmark) {
            expect(b.status).toBe('failed');
            expect(cells[0]).toContain('FAILED');
            expect(cells.slice(1, 10).every((c) => c.startsWith('—'))).toBe(true);
            expect(cells[10]).toBe('folder'); // its log; no report to link
            continue;
          }
          const want = expectedCells(run, summary, b);
          const [, ttft, itl, sweet, breakingCell, within, cost, perDollar, usersPerDollar] = cells;
          const breaking = breakingCell.split('\n')[0]; // the bottleneck analysis, when it ran, follows
          expect({ ttft, itl, sweet, breaking, within, cost, perDollar, usersPerDollar }).toEqual({
            ttft: expect.stringContaining(want.ttft),
            itl: expect.stringContaining(want.itl),
            sweet: want.sweet,
            breaking: want.breaking,
            within: expect.stringContaining(want.within),
            cost: expect.stringContaining(want.cost),
            perDollar: expect.stringContaining(want.perDollar),
            usersPerDollar: want.usersPerDollar,
          });
        }
      }
    }
  });

  test('the answer first: per target and benchmark a line before the table, from summary.json and comparison.json', async () => {
    for (const run of RUNS) {
      const section = page.locator(`section[data-run="${run}"]`);
      // before the table
      expect(await section.evaluate((el) => { const v = el.querySelector('section.verdicts'); const t = el.querySelector('table.targets'); return Boolean(v && t && v.compareDocumentPosition(t) & 4 /* DOCUMENT_POSITION_FOLLOWING */); })).toBe(true);
      for (const target of TARGETS) {
        const summary = summaryOf(run, target.name);
        for (const b of summary.benchmarks) {
          const text = await section.locator(`section.verdicts li[data-target="${target.name}"][data-benchmark="${b.name}"]`).innerText();
          if (b.status !== 'succeeded') {
            expect(text).toMatch(new RegExp(`^${target.name} · ${b.name}: .+: no answer from this benchmark\\.$`));
            continue;
          }
          const rule = b.sweetSpotRule === 'slo-attainment' ? 'by SLO attainment' : 'by the SLA tiers';
          const breaks = b.breakingPoint
            ? `breaks at ${formatLoad(b.breakingPoint.firstBad, unitAt(b, b.breakingPoint.firstBad))}${b.breakingPoint.reason ? `: ${b.breakingPoint.reason}` : ''}`
            : `did not break up to ${formatLoad(Math.max(...b.levels.map((l) => l.load)), 'users')}`;
          // rank by users per $/h: sweet spot / price, among the run's targets with a sweet spot in this benchmark
          const rows = TARGETS.map((t) => summaryOf(run, t.name))
            .flatMap((sm) => sm.benchmarks.filter((x) => x.name === b.name && x.sweetSpot).map((x) => ({ target: sm.target.name, perDollar: x.sweetSpot!.load / sm.target.pricePerHour })))
            .sort((x, y) => y.perDollar - x.perDollar);
          const rank = rows.findIndex((r) => r.target === target.name) + 1;
          const parts = [
            `${formatLoad(b.sweetSpot!.load, unitAt(b, b.sweetSpot!.load))} within the SLA (${rule})`,
            breaks,
            `${formatUsd(Number(b.cost.atSweetSpot.costPer1MOutputTokens!.toPrecision(4)))} per 1M output tokens`,
            `${formatNumber(b.cost.atSweetSpot.outputTokensPerSecondPerGpu!)} output tok/s per GPU`,
            ...(rows.length >= 2 ? [`rank ${rank} of ${rows.length} by users per $/h`] : []),
          ];
          expect(text).toBe(`${target.name} · ${b.name}: ${parts.join(' · ')}.`);
        }
      }
    }
    // a breaking point names what broke
    expect(await page.locator('section.verdicts li', { hasText: /breaks at .+: .+ p95 .+ \((acceptable|breaking)/ }).count()).toBeGreaterThan(0);
  });

  test('the cost and tok/s per $/h at "max" name the throughput they come from, its load and its errors', async () => {
    for (const run of RUNS) {
      for (const target of TARGETS) {
        for (const b of summaryOf(run, target.name).benchmarks.filter((x) => x.maxThroughput)) {
          const top = b.maxThroughput!;
          const level = b.levels.find((l) => l.load === top.load)!;
          const errors = (level.errorRate ?? 0) > 0 ? `, ${formatNumber(level.errorRate! * 100)}\u00a0% errors` : '';
          const label = `max: ${formatNumber(top.outputTokensPerSecond)} tok/s at ${formatLoad(top.load, unitAt(b, top.load))}${errors}`;
          const cells = page.locator(`section[data-run="${run}"] tbody[data-target="${target.name}"] tr[data-benchmark="${b.name}"] td`);
          for (const column of [6, 7]) expect(await cells.nth(column).locator('.sub-inline').nth(1).innerText()).toBe(label);
        }
      }
    }
    // a maximum reached with failing requests says so (the summary as the processor writes it, with 15 % errors there)
    const run = RUNS[2];
    const summary: TargetSummary = JSON.parse(JSON.stringify(summaryOf(run, TARGETS[0].name)));
    const b = summary.benchmarks.find((x) => x.maxThroughput)!;
    (b.levels.find((l) => l.load === b.maxThroughput!.load) as { errorRate?: number }).errorRate = 0.15;
    const context = await browser.newContext();
    await context.route(`**/results/${run}/${TARGETS[0].name}/summary.json`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(summary) }));
    const erring = await context.newPage();
    await erring.goto(`${base}/#run=${run}`);
    await erring.waitForSelector('body[data-state="ready"]');
    const cell = erring.locator(`section[data-run="${run}"] tbody[data-target="${TARGETS[0].name}"] tr[data-benchmark="${b.name}"] td`).nth(6);
    expect(await cell.locator('.sub-inline').nth(1).innerText()).toBe(`max: ${formatNumber(b.maxThroughput!.outputTokensPerSecond)} tok/s at ${formatLoad(b.maxThroughput!.load, 'users')}, 15\u00a0% errors`);
    await context.close();
  });

  test('the bottleneck classification with its reason under the breaking point, only where the analysis ran', async () => {
    for (const run of RUNS) {
      for (const target of TARGETS) {
        for (const b of summaryOf(run, target.name).benchmarks) {
          const block = page.locator(`section[data-run="${run}"] tbody[data-target="${target.name}"] tr[data-benchmark="${b.name}"] td .bottleneck`);
          if (!b.bottleneck) {
            expect([run, await block.count()]).toEqual([run, 0]);
            continue;
          }
          expect(await block.getAttribute('data-bottleneck')).toBe(b.bottleneck.kind);
          const where = b.bottleneck.load !== undefined ? ` at ${formatLoad(b.bottleneck.load, b.bottleneck.loadUnit!)}` : '';
          expect(await block.locator('.bottleneck-kind').innerText()).toBe(`Bottleneck: ${b.bottleneck.kind}${where}`);
          expect(await block.locator('ul.evidence li').allInnerTexts()).toEqual([...b.bottleneck.evidence, ...(b.bottleneck.reason ? [b.bottleneck.reason] : [])]);
        }
      }
    }
    // the newest run was analysed against an unreachable Prometheus: unknown, and the page says why
    const newest = summaryOf(RUNS[2], TARGETS[0].name).benchmarks[0].bottleneck!;
    expect(newest.kind).toBe('unknown');
    expect(newest.reason).toMatch(/unreachable/);
  });

  test('regression flags: one per kind of finding, only where the processor found some', async () => {
    for (const run of RUNS) {
      for (const target of TARGETS) {
        const summary = summaryOf(run, target.name);
        for (const b of summary.benchmarks) {
          const kinds = [...new Set(summary.regressions.findings.filter((f) => f.benchmark === b.name).map((f) => f.kind))];
          const cell = page.locator(`section[data-run="${run}"] tbody[data-target="${target.name}"] tr[data-benchmark="${b.name}"] td`).nth(9);
          const shown = await cell.locator('li.flag').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
          expect([run, target.name, b.name, shown.sort()]).toEqual([run, target.name, b.name, kinds.sort()]);
          if (run === RUNS[0]) expect(await cell.innerText()).toContain('no earlier run');
        }
      }
    }
    // The newest run made INT4 slower: its throughput drop is flagged with the change the processor computed.
    const drop = summaryOf(RUNS[2], TARGETS[0].name).regressions.findings.find((f) => f.kind === 'max-throughput-drop' && f.benchmark === 'chat-demo-ladder')!;
    const flag = page.locator(`section[data-run="${RUNS[2]}"] tbody[data-target="${TARGETS[0].name}"] tr[data-benchmark="chat-demo-ladder"] li.flag[data-kind="max-throughput-drop"]`);
    expect(await flag.innerText()).toBe(`⚠ max throughput −${formatNumber(-drop.changePercent)}\u00a0%`);
    expect(await flag.getAttribute('title')).toBe(drop.message);
  });

  test('a run without comparison.json and a target without summary.json are explained', async () => {
    const section = page.locator(`section[data-run="${PARTIAL_RUN}"]`);
    const text = await section.innerText();
    expect(text).toContain('No comparison.json in this run');
    expect(text).toContain('No summary.json (the results processor did not run). run.json outcome: failed (chat-demo-ladder: interrupted; code-demo-ladder: not-run).');
    expect(await section.locator('svg').count()).toBe(0);
  });

  test('per run, a TTFT p95 chart with one line per target × benchmark and the SLA thresholds', async () => {
    for (const run of RUNS) {
      // Targets in name order, as the page lists them.
      const expected = [...TARGETS].sort((a, b) => a.name.localeCompare(b.name)).flatMap((t) =>
        summaryOf(run, t.name)
          .benchmarks.filter((b) => b.levels.some((l) => l.ttftMs.p95 !== undefined))
          .map((b) => ({ name: `${t.name} · ${b.name}`, points: b.levels.length })),
      );
      const chart = page.locator(`section[data-run="${run}"] svg[data-chart="ttft"]`);
      const series = await chart.locator('g.series').evaluateAll((gs) => gs.map((g) => ({ name: g.getAttribute('data-series'), points: g.querySelectorAll('.point').length, lines: g.querySelectorAll('polyline').length })));
      expect(series).toEqual(expected.map((e) => ({ ...e, lines: 1 })));
      expect(await chart.locator('[data-threshold]').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-threshold'), g.textContent]))).toEqual([
        ['acceptable', 'acceptable 1000 ms'],
        ['breaking', 'breaking 2000 ms'],
      ]);
      expect(await chart.locator('text.axis-label').allTextContents()).toEqual(['load (users)', 'TTFT p95 (ms, log scale)']);
    }
    // The newest run lost one benchmark (failed): three lines, not four.
    expect(await page.locator(`section[data-run="${RUNS[2]}"] svg[data-chart="ttft"] g.series`).count()).toBe(3);
  });

  test('per run, an ITL p95 and an error rate chart against load with their SLA lines; no attainment chart without an SLO', async () => {
    for (const run of RUNS) {
      const sla = summaryOf(run, TARGETS[0].name).sla;
      for (const [kind, value, scale, unit, thresholds] of [
        ['itl', (l: BenchmarkSummary['levels'][number]) => l.itlMs.p95, 1, ' ms', sla.itlP95Ms],
        ['error-rate', (l: BenchmarkSummary['levels'][number]) => l.errorRate, 100, '\u00a0%', sla.errorRate],
      ] as const) {
        const chart = page.locator(`section[data-run="${run}"] svg[data-chart="${kind}"]`);
        const points = await chart.locator('.point').evaluateAll((ps) => ps.map((p) => [p.closest('g.series')!.getAttribute('data-series'), Number(p.getAttribute('data-x')), Number(p.getAttribute('data-y'))]));
        const expected = TARGETS.flatMap((t) =>
          summaryOf(run, t.name).benchmarks.flatMap((b) => b.levels.filter((l) => typeof value(l) === 'number').map((l) => [`${t.name} · ${b.name}`, l.load, value(l)! * scale])),
        );
        expect(points.sort()).toEqual(expected.sort());
        expect(await chart.locator('[data-threshold]').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-threshold'), g.textContent]))).toEqual([
          ['acceptable', `acceptable ${formatNumber(thresholds.acceptable * scale)}${unit}`],
          ['breaking', `breaking ${formatNumber(thresholds.breaking * scale)}${unit}`],
        ]);
      }
      expect(await page.locator(`section[data-run="${run}"] svg[data-chart="attainment"]`).count()).toBe(0);
    }
  });

  test('per benchmark, the trade-off chart of comparison.json: a line per target, the Pareto frontier across them', async () => {
    for (const run of RUNS) {
      const pareto = comparisonOf(run).pareto!;
      expect(Object.keys(pareto).length).toBeGreaterThan(0);
      for (const [benchmark, { points, frontier }] of Object.entries(pareto)) {
        const chart = page.locator(`section[data-run="${run}"] figure[data-figure="pareto"][data-benchmark="${benchmark}"] svg[data-chart="pareto"]`);
        const shown = await chart.locator('g.series').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-series'), [...g.querySelectorAll('.point')].map((p) => [Number(p.getAttribute('data-x')), Number(p.getAttribute('data-y'))])]));
        const byX = (a: number[], b: number[]) => a[0] - b[0];
        const targets = [...new Set(points.map((p) => p.target))].sort();
        expect(shown).toEqual([
          ...targets.map((t) => [`${t} · ${benchmark}`, points.filter((p) => p.target === t).map((p) => [p.outputTokensPerSecondPerUser, p.outputTokensPerSecondPerGpu]).sort(byX)]),
          ['Pareto frontier', frontier.map((i) => [points[i].outputTokensPerSecondPerUser, points[i].outputTokensPerSecondPerGpu]).sort(byX)],
        ]);
      }
    }
  });

  test('the capacity plan of comparison.json, per demand, cheapest first', async () => {
    const run = RUNS[1];
    const plans: RunComparison['plans'] = [
      {
        demand: 'support-chat',
        amount: 200,
        unit: 'users',
        cheapest: TARGETS[0].name,
        runnerUp: TARGETS[1].name,
        runnerUpExtraDollarsPerHour: 3.2,
        runnerUpExtraPercent: 40,
        rows: [
          { target: TARGETS[0].name, gpuProfile: 'l4-x1', benchmark: 'chat-demo-ladder', capacityPerReplica: 8, basis: 'measured', replicas: 25, dollarsPerHour: 8, costPer1MOutputTokens: 1.234, headroom: 0 },
          { target: TARGETS[1].name, gpuProfile: 'l4-x4', benchmark: 'chat-demo-ladder', capacityPerReplica: 12, basis: 'littles-law', replicas: 17, dollarsPerHour: 11.2, headroom: 0.02 },
        ],
        unavailable: ['gpt-oss-20b-l4-x4: no benchmark of scenario support-chat'],
      },
    ];
    const context = await browser.newContext();
    await context.route(`**/results/${run}/comparison.json`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...comparisonOf(run), plans }) }));
    const planned = await context.newPage();
    await planned.goto(`${base}/#run=${run}`);
    await planned.waitForSelector('body[data-state="ready"]');
    const table = planned.locator(`section[data-run="${run}"] table.plan[data-demand="support-chat"]`);
    expect(await table.locator('caption').innerText()).toBe('Capacity plan for support-chat: 200 users');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim())));
    expect(rows).toEqual([
      [`${TARGETS[0].name} cheapest`, 'chat-demo-ladder', '25', '$8.00', '8 users', '0 %', '$1.23'],
      [`${TARGETS[1].name} runner-up, +40 %`, 'chat-demo-ladder', '17', '$11.20', "12 users by Little's law", '2 %', '—'],
    ]);
    expect(await planned.locator(`section[data-run="${run}"] .plan-block ul.notice`).innerText()).toBe('gpt-oss-20b-l4-x4: no benchmark of scenario support-chat');
    await context.close();
  });

  test('a regression at several loads names each load and its change, readable without hovering', async () => {
    const findings = RUNS.flatMap((run) => TARGETS.flatMap((t) => summaryOf(run, t.name).regressions.findings.filter((f) => typeof f.load === 'number').map((f) => ({ run, target: t.name, f }))));
    expect(findings.length).toBeGreaterThan(0);
    for (const { run, target, f } of findings) {
      const item = page.locator(`section[data-run="${run}"] tbody[data-target="${target}"] tr[data-benchmark="${f.benchmark}"] li.flag[data-kind="${f.kind}"] ul.flag-loads li[data-load="${f.load}"]`);
      const change = `${f.changePercent > 0 ? '+' : '−'}${formatNumber(Math.abs(f.changePercent))}\u00a0%`;
      expect(await item.innerText()).toBe(`at ${formatLoad(f.load!, 'users')}: ${change}`);
    }
  });

  test('per target, history charts with a point for each of the three runs', async () => {
    for (const target of TARGETS) {
      for (const kind of ['history-throughput', 'history-sweet-spot']) {
        const chart = page.locator(`#history section[data-target="${target.name}"] svg[data-chart="${kind}"]`);
        const points = await chart.locator('.point').evaluateAll((ps) => ps.map((p) => [p.closest('g.series')!.getAttribute('data-series'), p.getAttribute('data-run'), Number(p.getAttribute('data-y'))]));
        // from the results index: throughput rounded as the page shows it
        const tps = (b: BenchmarkSummary) => (b.maxThroughputWithinSla ? Number(formatNumber(b.maxThroughputWithinSla.outputTokensPerSecond)) : undefined);
        const expected = RUNS.flatMap((run) =>
          summaryOf(run, target.name)
            .benchmarks.map((b) => [b.name, run, kind === 'history-throughput' ? tps(b) : b.sweetSpot?.load] as const)
            .filter(([, , value]) => value !== undefined),
        );
        expect(points.sort()).toEqual(expected.map((e) => [...e]).sort());
        expect(new Set(points.map((p) => p[1]))).toEqual(new Set(RUNS));
      }
    }
  });

  test('every link on the page answers 200', async () => {
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    const external = [...new Set(hrefs.filter((h) => !h.startsWith('#')).map((h) => new URL(h, `${base}/`).href))];
    expect(external.filter((h) => !h.startsWith(`${base}/`))).toEqual([]);
    expect(external).toEqual(expect.arrayContaining([`${base}/results/${RUNS[2]}/${TARGETS[0].name}/chat-demo-ladder/benchmarks.html`, `${base}/results/${RUNS[2]}/comparison.md`]));
    const statuses = await Promise.all(external.map(async (url) => [url, (await fetch(url)).status]));
    expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
    expect(external.length).toBeGreaterThan(40);
    // The GuideLLM report links say that they need internet.
    expect(await page.locator('#internet-note').innerText()).toContain('downloads its page from the internet');
  });

  test('no console error, no failed request, no CSP violation; screenshot saved', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-index.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('at phone width nothing overflows horizontally (wide tables scroll in their own box)', async () => {
    const phone = await openPage(`${base}/`, { width: 390, height: 844 });
    const overflow = await phone.page.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
    expect(overflow.page).toBeLessThanOrEqual(overflow.viewport);
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'report-index-phone.png'), fullPage: false });
    expect(phone.problems).toEqual([]);
    await phone.page.context().close();
  });

  test('when listings fail (a bucket reader that may not list), #run=<id> still shows the run from comparison.json', async () => {
    const context = await browser.newContext();
    // What the reader answers when the bucket refuses ListObjects (runtime/report-server/reader.ts).
    await context.route('**/api/results/**', (route) => route.fulfill({ status: 502, contentType: 'text/plain', body: 'object store: cannot list ...: AccessDenied (HTTP 403)\n' }));
    await context.route('**/results/index.json', (route) => route.fulfill({ status: 404, body: '' })); // no index there
    const page = await context.newPage();
    await page.goto(`${base}/#run=${RUNS[2]}`);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.textContent('#status')).toMatch(new RegExp(`^The list of runs is not available from this server \\(HTTP 502\\)\\. Showing run ${RUNS[2]} from the address\\. \\d+ request\\(s\\) failed`));
    const targets = await page.$$eval(`section[data-run="${RUNS[2]}"] tbody`, (bs) => bs.map((b) => b.getAttribute('data-target')));
    expect(targets).toEqual(TARGETS.map((t) => t.name).sort());
    expect(await page.locator('a', { hasText: 'folder' }).count()).toBe(0); // nothing to list there
    await context.close();
  });

  test('the page keeps at most six requests in flight, and still runs them in parallel', async () => {
    const context = await browser.newContext();
    await context.addInitScript({ content: FETCH_COUNTER });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-state="ready"]');
    await showAllRuns(page);
    const max = await page.evaluate<number>('window.__maxInFlight');
    expect(max).toBeLessThanOrEqual(6);
    expect(max).toBeGreaterThan(1);
    await context.close();
  });

  test('a request that fails is named where its figures would be, and counted in the status line', async () => {
    const context = await browser.newContext();
    const [failedTarget] = TARGETS.map((t) => t.name).sort();
    await context.route(`**/results/${RUNS[2]}/${failedTarget}/summary.json`, (route) => route.fulfill({ status: 503, body: 'busy' }));
    await context.route(`**/results/${RUNS[1]}/comparison.json`, (route) => route.abort('failed'));
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-state="ready"]');
    await showAllRuns(page);
    const row = page.locator(`section[data-run="${RUNS[2]}"] tbody[data-target="${failedTarget}"] td.load-error`);
    expect(await row.innerText()).toBe('Figures could not be loaded (summary.json: HTTP 503); reload the page to try again.');
    const notice = await page.locator(`section[data-run="${RUNS[1]}"] p.load-error`).innerText();
    expect(notice).toMatch(/^comparison\.json could not be loaded \(not loaded \(.+\)\): the users per \$\/h column is empty; reload the page to try again\.$/);
    expect(await page.textContent('#status')).toMatch(/ 2 request\(s\) failed: the runs and targets concerned say so where their figures would be; reload the page to try again\.$/);
    // the other targets of that run keep their figures
    for (const other of TARGETS.map((t) => t.name).filter((n) => n !== failedTarget)) {
      expect(await page.locator(`section[data-run="${RUNS[2]}"] tbody[data-target="${other}"] tr[data-benchmark]`).count()).toBeGreaterThan(0);
    }
    await context.close();
  });

  test('the first screen comes from the results index: the answers of every run without a file of any run read', async () => {
    const context = await browser.newContext();
    const requested: string[] = [];
    const fresh = await context.newPage();
    fresh.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await fresh.goto(`${base}/`);
    await fresh.waitForSelector('body[data-state="ready"]');
    expect(requested.sort()).toEqual(['/', '/api/fleet/', '/api/results/', '/app.js', '/results/index.json', '/style.css']);
    // the same answers as once the run's files are read
    const answers = (p: Page, run: string) => p.$$eval(`section[data-run="${run}"] section.verdicts li`, (lis) => lis.map((li) => li.textContent));
    for (const run of RUNS) expect(await answers(fresh, run)).toEqual(await answers(page, run));
    // a run the index does not have yet (its processors never ran) is listed from the folder listing
    expect(await fresh.locator(`section[data-run="${PARTIAL_RUN}"] p.notice`).innerText()).toBe('Not in the results index yet: its benchmarks may still run, or no results processor ran. Its tables show what each Job recorded.');
    expect(await fresh.locator('button.show-run').count()).toBe(RUNS.length + 1);
    await context.close();
  });

  test('many runs: the newest five with their answers, the older ones as links fifty at a time, each target\'s history drawn when opened', async () => {
    const index = JSON.parse(fs.readFileSync(path.join(tree.results, 'index.json'), 'utf8'));
    const newest = index.runs[0];
    const ids = Array.from({ length: 260 }, (_, i) => `2025${String(Math.floor(i / 28) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}-020000-r${i}`).reverse();
    const many = { schemaVersion: 1, runs: ids.map((id) => ({ ...newest, id })) };
    const context = await browser.newContext();
    await context.route('**/results/index.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(many) }));
    await context.route('**/api/results/', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(ids.map((name) => ({ name, type: 'directory', mtime: '' }))) }));
    const big = await context.newPage();
    await big.goto(`${base}/`);
    await big.waitForSelector('body[data-state="ready"]');
    expect(await big.$$eval('section.run', (ss) => ss.map((x) => x.getAttribute('data-run')))).toEqual(ids.slice(0, 5));
    expect(await big.locator('#older-runs li').count()).toBe(50);
    expect(await big.locator('#older-runs li a').first().getAttribute('href')).toBe(`#run=${ids[5]}`);
    expect(await big.locator('#older-runs button.show-more').innerText()).toBe('Show 50 more of 205');
    await big.locator('#older-runs button.show-more').click();
    expect(await big.locator('#older-runs li').count()).toBe(100);
    // 260 runs × 2 targets: the history charts are drawn when a target's section is opened
    expect(await big.locator('#history svg').count()).toBe(0);
    const first = big.locator('#history details.history-target').first();
    await first.locator('summary').click();
    // the browser fires `toggle` in a task after the click: wait for the charts it draws, not for a moment
    await first.locator('svg[data-chart]').nth(1).waitFor({ state: 'attached' });
    expect(await first.locator('svg[data-chart]').count()).toBe(2);
    expect(await first.locator('svg[data-chart="history-sweet-spot"] .point').count()).toBe(260 * newest.targets[0].benchmarks.filter((b: { sweet?: number }) => typeof b.sweet === 'number').length);
    expect(await big.evaluate<number>('document.getElementsByTagName("*").length')).toBeLessThan(5000);
    await context.close();
  });

  test('#run=<id> opens one run only', async () => {
    const single = await openPage(`${base}/#run=${RUNS[1]}`);
    expect(await single.page.$$eval('section.run', (ss) => ss.map((s) => s.getAttribute('data-run')))).toEqual([RUNS[1]]);
    expect(single.problems).toEqual([]);
    await single.page.context().close();
  });
});

describe('a page among the results runs sandboxed: its script runs, the index page origin stays out of its reach', () => {
  // Shaped like GuideLLM's HTML report: the template's <head> with the data injected as `window.<key> = {...};`
  // scripts (src/guidellm/benchmark/outputs/html.py:116 and _inject_data, v0.7.3) and a script that renders it.
  // Its probes record what a hostile page could reach; the report UI itself uses none of these (no localStorage,
  // sessionStorage or cookie in src/ui at v0.7.3).
  const REPORT = `<!doctype html>
<html><head><title>GuideLLM report</title>
<script>window.benchmarks = [{"name":"chat-demo-ladder","ttftP95Ms":412.5}];
</script></head>
<body><table id="report"></table>
<script>
  const row = document.createElement('tr');
  for (const b of window.benchmarks) row.innerHTML = '<td>' + b.name + '</td><td>' + b.ttftP95Ms + '</td>';
  document.getElementById('report').appendChild(row);
  const probes = {};
  const attempt = (name, f) => { try { probes[name] = String(f()); } catch (e) { probes[name] = 'refused: ' + e.name; } };
  attempt('origin', () => window.origin);
  attempt('cookie', () => document.cookie);
  attempt('localStorage', () => localStorage.getItem('k'));
  attempt('parent', () => window.parent.document.title);
  fetch('/api/results/').then((r) => r.text()).then((t) => 'read ' + t.length + ' bytes', (e) => 'refused: ' + e.name).then((f) => {
    probes.fetchIndex = f;
    document.body.dataset.probes = JSON.stringify(probes);
  });
</script></body></html>
`;
  let file: string;
  const url = () => `${base}/results/${RUNS[2]}/${TARGETS[0].name}/probe-report.html`;

  beforeAll(() => {
    file = path.join(tree.results, RUNS[2], TARGETS[0].name, 'probe-report.html');
    fs.writeFileSync(file, REPORT);
  });
  afterAll(() => fs.rmSync(file, { force: true }));

  test('nginx sends the sandbox policy with it', async () => {
    const response = await fetch(url());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe('sandbox allow-scripts');
  });

  test('in Chromium, the report renders, but has an opaque origin: no cookie, no storage, no same-origin reads', async () => {
    const context = await browser.newContext();
    // a cookie and stored data of the report server's origin, set by its index page
    await context.addCookies([{ name: 'session', value: 'index-page-secret', url: `${base}/` }]);
    const index = await context.newPage();
    await index.goto(`${base}/`);
    await index.evaluate("localStorage.setItem('k', 'index-page-data')");
    const page = await context.newPage();
    await page.goto(url());
    await page.waitForSelector('body[data-probes]');
    expect(await page.textContent('#report')).toBe('chat-demo-ladder412.5');
    const probes = JSON.parse((await page.getAttribute('body', 'data-probes'))!);
    expect(probes).toEqual({
      origin: 'null',
      cookie: 'refused: SecurityError',
      localStorage: 'refused: SecurityError',
      parent: 'GuideLLM report', // its own window: it is not framed
      fetchIndex: 'refused: TypeError', // a cross-origin read without CORS
    });
    await context.close();
  });
});
