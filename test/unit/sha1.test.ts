// ZooKeeper code may not use Node's crypto, so the digest ACL scheme runs on a hand-written SHA-1; it must
// agree with Node's on every length around the 64-byte block boundaries and on non-ASCII text.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64, sha1 } from '../../src/base/index.ts';
import { checkProperty } from '../support/property.ts';

describe('sha1 + base64', () => {
  it('match node:crypto on every length from 0 to 200 bytes', () => {
    for (let n = 0; n <= 200; n++) {
      const text = 'x'.repeat(n);
      expect(base64(sha1(text))).toBe(createHash('sha1').update(text).digest('base64'));
    }
  });

  it('match node:crypto on random strings, non-ASCII included', async () => {
    await checkProperty(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
      expect(base64(sha1(text))).toBe(createHash('sha1').update(text, 'utf8').digest('base64'));
    }), { numRuns: 300, file: import.meta.url });
  });
});
