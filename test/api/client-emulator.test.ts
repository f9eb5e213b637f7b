import { describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator } from '../../src/emulator/index.js';

describe('createSaasUserApi against the in-process emulator', () => {
  it('is accepted by the emulator signature check through a user lifecycle', async () => {
    const emulator = createEmulator();
    const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch });

    const user = await api.signUp({ email: 'life@example.com' });
    await expect(api.getSaasUser(user.id)).resolves.toMatchObject({ id: user.id, email: 'life@example.com' });
    await api.updateSaasUserAttributes(user.id, { attributes: { name: '山田 太郎' } });
    await expect(api.getSaasUsers()).resolves.toMatchObject({ users: [expect.objectContaining({ id: user.id })] });
    await api.deleteSaasUser(user.id);
    await expect(api.getSaasUser(user.id)).rejects.toMatchObject({ kind: 'http', status: 404, operation: 'getSaasUser' });
  });

  it('gets a 401 with a trace id when signed with the wrong secret', async () => {
    const emulator = createEmulator();
    const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, secretKey: 'not-the-emulator-secret', fetch: emulator.fetch });
    const error: unknown = await api.getSaasUsers().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 401, retryable: false });
    expect(error).toHaveProperty('traceId', expect.any(String));
  });
});
