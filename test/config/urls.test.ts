/** Credentials in configuration URLs (config/urls.ts): which URLs carry them, and that the message never shows them. */
import { credentialsInUrls, credentialUrlsIn, hasCredentials } from '../../config/urls';
import { fixtureDist } from '../helpers/project';
import { readTree } from '../helpers/tree';

test.each([
  ['http://user:pass@host:8080/v1', true],
  ['https://token@github.com/org/repo.git', true],
  ['s3://key:secret@bucket', true],
  ['ssh://git@github.com/org/repo.git', false],
  ['git@github.com:org/repo.git', false],
  ['https://host/path?email=a@b.c', false],
  ['http://host:8080/v1', false],
  ['not a url @ all', false],
])('%s: credentials %s', (url, expected) => expect(hasCredentials(url)).toBe(expected));

test('URLs with credentials found in a text, the others not', () => {
  expect(credentialUrlsIn('url: "https://tok@h/x"\nother: http://h/y git@github.com:o/r.git')).toEqual(['https://tok@h/x']);
});

test('every URL with credentials in a nested config is found, by path, with the credentials masked', () => {
  const problems = credentialsInUrls({ a: [{ endpoint: 'http://u:p4ss@h/v1' }], b: { c: 'https://ok/' }, n: 3 });
  expect(problems).toEqual([{ path: ['a', 0, 'endpoint'], message: expect.stringMatching(/^"http:\/\/\*\*\*@h\/v1" carries credentials in the URL/) }]);
  expect(JSON.stringify(problems)).not.toContain('p4ss');
});

test('no string of a synthesized dist/ carries credentials in a URL (every fixture environment)', () => {
  const tree = readTree(fixtureDist('demo', 'dev', 'full'));
  const found = Object.entries(tree).flatMap(([file, text]) => credentialUrlsIn(text).map((url) => `${file}: ${url}`));
  expect(Object.keys(tree).length).toBeGreaterThan(100);
  expect(found).toEqual([]);
});
