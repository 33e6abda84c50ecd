/** Debian's headless Chromium as the report page's tests and `npm run measure:report-page` drive it (playwright-core). */

export const CHROMIUM = '/usr/bin/chromium';
/** DESIGN.md "Toolchain facts": headless Chromium as root on a closed network. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * An init script (`context.addInitScript({ content })`, injected through the DevTools protocol, so the page's CSP
 * does not apply to it) that counts the page's own fetches: `window.__maxInFlight` pending at most, `window.__failed`.
 */
export const FETCH_COUNTER =
  'window.__inFlight = 0; window.__maxInFlight = 0; window.__failed = 0; const original = window.fetch;' +
  'window.fetch = (...args) => { window.__maxInFlight = Math.max(window.__maxInFlight, ++window.__inFlight);' +
  ' return original(...args).catch((e) => { window.__failed++; throw e; }).finally(() => { window.__inFlight--; }); };';
