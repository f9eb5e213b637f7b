import { verifySync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { otpauthUri } from '../../src/mfa/index.js';
import { createAuthenticator } from '../../src/testing/index.js';

// RFC 6238 appendix B test key ("12345678901234567890" in base32).
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('createAuthenticator', () => {
  it('shows the RFC 6238 SHA1 test vectors at the given times', () => {
    const app = createAuthenticator();
    expect(app.code(rfcSecret, 59_000)).toBe('287082');
    expect(app.code(rfcSecret, 1_111_111_109_000)).toBe('081804');
    expect(app.code(rfcSecret, 2_000_000_000_000)).toBe('279037');
  });

  it('reads the time from the injected clock', () => {
    let now = 59_000;
    const app = createAuthenticator({ now: () => now });
    expect(app.code(rfcSecret)).toBe('287082');
    now = 1_111_111_109_000;
    expect(app.code(rfcSecret)).toBe('081804');
  });

  it('accepts a scanned otpauth URI and honours its digits and algorithm', () => {
    const app = createAuthenticator({ now: () => 59_000 });
    const uri = otpauthUri({ secret: rfcSecret, accountName: 'ann@example.com', digits: 8 });
    expect(app.code(uri)).toBe('94287082');
  });

  it('produces codes otplib verifies, and wrong codes it rejects around the same time', () => {
    const at = 1_700_000_000_000;
    const app = createAuthenticator({ now: () => at });
    const epoch = at / 1000;
    expect(verifySync({ secret: rfcSecret, token: app.code(rfcSecret), epoch }).valid).toBe(true);
    const wrong = app.wrongCode(rfcSecret);
    expect(wrong).toMatch(/^\d{6}$/);
    expect(verifySync({ secret: rfcSecret, token: wrong, epoch, epochTolerance: 60 }).valid).toBe(false);
  });
});
