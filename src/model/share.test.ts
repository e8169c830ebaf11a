import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  CreateShareRequestSchema,
  SHARE_MIN_ITERATIONS,
  fromBase64Url,
  readShareHeader,
  readShareLink,
  serverShareValue,
  shareUrl,
  shareValueOf,
  toBase64Url,
  withoutShareValue,
} from './share.ts';

const header = {
  v: 1,
  kdf: { name: 'PBKDF2-HMAC-SHA256', iterations: SHARE_MIN_ITERATIONS, salt: 'AAAAAAAAAAAAAAAAAAAAAA' },
  expiresAt: '2026-12-04T06:00:00.000Z',
  trialId: 'NCT06801119',
  noteCount: 1,
};

describe('share model', () => {
  it('round-trips any bytes through base64url and decodes each string one way only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).to.match(/^[A-Za-z0-9_-]*$/);
        expect(Array.from(fromBase64Url(text)!)).to.deep.equal(Array.from(bytes));
      }),
    );
    for (const bad of ['AA==', 'A', 'AB', 'A+B/', 'AAA ', 'AAA.', 'AAB']) {
      // 'AB' and 'AAB' carry non-zero unused bits.
      expect(fromBase64Url(bad), bad).to.equal(undefined);
    }
    expect(Array.from(fromBase64Url('AA')!)).to.deep.equal([0]);
  });

  it('finds the share value in URLs, fragments and bare values', () => {
    const value = serverShareValue('AAAAAAAAAAAAAAAAAAAAAA', new Uint8Array(32));
    const url = shareUrl('https://example.org/trial?id=1#eligibility', value);
    expect(url).to.equal(`https://example.org/trial?id=1#trialkit-share=${value}`);
    expect(shareValueOf(url)).to.equal(value);
    expect(shareValueOf(`#a=1&trialkit-share=${value}`)).to.equal(value);
    expect(shareValueOf(value)).to.equal(value);
    expect(shareValueOf('https://example.org/trial')).to.equal(undefined);
    expect(withoutShareValue(url)).to.equal('https://example.org/trial?id=1');
    expect(withoutShareValue(`https://x.org/#a=1&trialkit-share=${value}`)).to.equal('https://x.org/#a=1');
    const read = readShareLink(url);
    expect(read.ok && read.link.mode).to.equal('server');
  });

  it('reads server links strictly', () => {
    const value = serverShareValue('AAAAAAAAAAAAAAAAAAAAAA', new Uint8Array(32));
    expect(readShareLink(value.slice(0, -1))).to.deep.equal({ ok: false, problem: 'damaged' });
    expect(readShareLink(`${value}A`)).to.deep.equal({ ok: false, problem: 'damaged' });
    expect(readShareLink(`${value}.x`)).to.deep.equal({ ok: false, problem: 'damaged' });
    expect(readShareLink(value.replace('s1', 's2'))).to.deep.equal({ ok: false, problem: 'unsupported-version' });
    expect(readShareLink('#other=1')).to.deep.equal({ ok: false, problem: 'absent' });
  });

  it('tells unknown versions and weak KDFs from damage', () => {
    expect(readShareHeader(header).ok).to.equal(true);
    expect(readShareHeader({ ...header, v: 2 })).to.deep.equal({ ok: false, problem: 'unsupported-version' });
    expect(readShareHeader({ ...header, kdf: { ...header.kdf, iterations: 1000 } })).to.deep.equal({ ok: false, problem: 'weak-kdf' });
    expect(readShareHeader({ ...header, kdf: { ...header.kdf, iterations: 1000 } }, 1000).ok).to.equal(true);
    expect(readShareHeader({ ...header, expiresAt: '2026-12-04' })).to.deep.equal({ ok: false, problem: 'damaged' });
    expect(readShareHeader({ ...header, kdf: { ...header.kdf, salt: 'AAAA' } })).to.deep.equal({ ok: false, problem: 'damaged' });
    expect(readShareHeader(null)).to.deep.equal({ ok: false, problem: 'damaged' });
  });

  it('reads counts as whole numbers only', () => {
    for (const noteCount of [1.5, -1, Number.NaN, 2 ** 53, '1', null]) {
      expect(readShareHeader({ ...header, noteCount }), String(noteCount)).to.deep.equal({ ok: false, problem: 'damaged' });
    }
    expect(readShareHeader({ ...header, noteCount: 0 }).ok).to.equal(true);
    expect(readShareHeader({ ...header, kdf: { ...header.kdf, iterations: SHARE_MIN_ITERATIONS + 0.5 } }).ok).to.equal(false);
  });

  it('checks create requests: envelope, verifier and view limit', () => {
    const request = {
      envelope: { header, iv: 'AAAAAAAAAAAAAAAA', ciphertext: toBase64Url(new Uint8Array(40)) },
      verifier: toBase64Url(new Uint8Array(32)),
      maxViews: 1,
    };
    expect(CreateShareRequestSchema.safeParse(request).success).to.equal(true);
    expect(CreateShareRequestSchema.safeParse({ ...request, maxViews: 0 }).success).to.equal(false);
    expect(CreateShareRequestSchema.safeParse({ ...request, notes: 'plain text' }).success).to.equal(false);
    expect(CreateShareRequestSchema.safeParse({ ...request, envelope: { ...request.envelope, ciphertext: 'AAAA' } }).success).to.equal(false);
  });
});
