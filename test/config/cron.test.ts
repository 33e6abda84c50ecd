/** When a schedule starts runs (config/cron.ts cronStarts): the basis of the same-server-at-the-same-time check. */
import { checkCron, cronStarts } from '../../config/cron';

const JAN = { from: Date.UTC(2027, 0, 1), to: Date.UTC(2027, 0, 15) }; // 2027-01-01 is a Friday
const iso = (schedule: string, tz = 'Etc/UTC') => cronStarts(schedule, tz, JAN.from, JAN.to).map((t) => new Date(t).toISOString().slice(0, 16));

test('fields, ranges, steps and names', () => {
  expect(iso('30 3 * * 1-5').slice(0, 3)).toEqual(['2027-01-01T03:30', '2027-01-04T03:30', '2027-01-05T03:30']);
  expect(iso('*/20 1 2 JAN *')).toEqual(['2027-01-02T01:00', '2027-01-02T01:20', '2027-01-02T01:40']);
  expect(iso('0 0 * * SUN')).toEqual(['2027-01-03T00:00', '2027-01-10T00:00']);
  expect(iso('0 0 * * 7')).toEqual(iso('0 0 * * 0'));
});

test("a restricted day of month and day of week match either (cron's rule)", () => {
  expect(iso('0 0 1,15 * 1')).toEqual(['2027-01-01T00:00', '2027-01-04T00:00', '2027-01-11T00:00']);
});

test('macros, and the time zone of the schedule', () => {
  expect(iso('@weekly')).toEqual(iso('0 0 * * 0'));
  expect(iso('0 2 * * *', 'Europe/Paris')[0]).toBe('2027-01-01T01:00');
  expect(iso('0 2 * * *', 'America/New_York')[0]).toBe('2027-01-01T07:00');
});

test('every schedule checkCron accepts has starts in five weeks', () => {
  for (const s of ['0 2 * * *', '30 3 * * 1-5', '@monthly', '0 12 31 * *', '15 4 * * 2,4']) {
    expect(checkCron(s)).toBeUndefined();
    expect(cronStarts(s, 'Etc/UTC', Date.UTC(2027, 0, 1), Date.UTC(2027, 1, 5)).length).toBeGreaterThan(0);
  }
});
