/** Which GuideLLM reports compare with which (domain/guidellm/version.ts `notComparable`). */
import { notComparable } from '../../domain/guidellm/version';

test('up to 0.7.3 and from 0.7.4 do not compare (token figures without warm-up and cool-down from 0.7.4)', () => {
  expect(notComparable('0.7.3', '0.7.4')).toBe('GuideLLM 0.7.3 and 0.7.4 are not comparable (from 0.7.4 token figures exclude warm-up and cool-down)');
  expect(notComparable('0.8.1', '0.6.1')).toMatch(/^GuideLLM 0\.8\.1 and 0\.6\.1 are not comparable/);
});

test('the same era compares; an unknown version compares with anything', () => {
  expect(notComparable('0.5.0', '0.7.3')).toBeUndefined();
  expect(notComparable('0.7.4', '0.8.1')).toBeUndefined();
  expect(notComparable(undefined, '0.8.1')).toBeUndefined();
  expect(notComparable('0.8.0.dev18', '0.7.3')).toBe('GuideLLM 0.8.0.dev18 and 0.7.3 are not comparable (from 0.7.4 token figures exclude warm-up and cool-down)');
});
