// The outbound guard against real sockets: a local receiver stands in for a service inside the
// network, and a scripted resolver plays DNS (including a name that changes its answer between
// the check and the connection: rebinding).
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureClass, sendWithRetry, type AttemptReport } from './delivery';
import { checkDestination, guardedFetch, internalAddressKind, outboundPolicy, OutboundRefusedError } from './outbound';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';

let receiver: Receiver;
beforeAll(async () => (receiver = await startReceiver()));
afterAll(async () => receiver.close());

const NOTHING_ALLOWED = outboundPolicy([]);
const resolvesTo = (...answers: string[][]) => {
  let call = 0;
  return async (): Promise<LookupAddress[]> =>
    (answers[Math.min(call++, answers.length - 1)] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('internal addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.100.200', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', 'this-network'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata)'],
    ['fd00:ec2::254', 'private (unique local)'],
    ['fe80::1', 'link-local'],
  ])('%s is %s', (address, kind) => {
    expect(internalAddressKind(address)).toBe(kind);
  });

  it('public addresses pass', () => {
    for (const address of ['93.184.216.34', '2606:4700::6810:84e5', '8.8.8.8']) expect(internalAddressKind(address)).toBeUndefined();
  });
});

describe('checkDestination', () => {
  it('refuses literal internal hosts and names that resolve inside, naming the setting that allows them', async () => {
    await expect(checkDestination('http://169.254.169.254/latest/meta-data/', NOTHING_ALLOWED)).rejects.toThrow(/link-local.*BURNRATE_OUTBOUND_ALLOW/);
    await expect(checkDestination('http://[::1]:8080/x', NOTHING_ALLOWED)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(checkDestination('https://hooks.internal.example/x', NOTHING_ALLOWED, resolvesTo(['93.184.216.34', '10.0.0.7']))).rejects.toThrow(
      /10\.0\.0\.7/,
    );
    await expect(checkDestination('https://hooks.example.com/x', NOTHING_ALLOWED, resolvesTo(['93.184.216.34']))).resolves.toBeUndefined();
  });

  it('the allow-list admits named hosts, addresses and ranges', async () => {
    const policy = outboundPolicy(['alerts.corp.internal', '10.8.0.0/16', '127.0.0.1']);
    await expect(checkDestination('http://alerts.corp.internal/x', policy, resolvesTo(['10.99.0.1']))).resolves.toBeUndefined();
    await expect(checkDestination('http://10.8.3.4/x', policy)).resolves.toBeUndefined();
    await expect(checkDestination('http://127.0.0.1:9/x', policy)).resolves.toBeUndefined();
    await expect(checkDestination('http://10.9.3.4/x', policy)).rejects.toBeInstanceOf(OutboundRefusedError);
  });
});

describe('guardedFetch', () => {
  const firing = { url: '', headers: { 'content-type': 'application/json' }, body: '{}' };
  const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 };

  it('does not reach a loopback receiver unless it is allowed, and does not retry the refusal', async () => {
    receiver.script({ status: 200 });
    const before = receiver.received.length;
    const reports: AttemptReport[] = [];
    const ok = await sendWithRetry({ ...firing, url: `${receiver.url}/hook` }, policy, (r) => void reports.push(r), { fetch: guardedFetch(NOTHING_ALLOWED) });
    expect(ok).toBe(false);
    expect(reports).toMatchObject([{ attempt: 1, outcome: 'failed', httpStatus: 0, error: expect.stringContaining('destination refused') }]);
    expect(receiver.received.length).toBe(before);
    const allowed = await sendWithRetry({ ...firing, url: `${receiver.url}/hook` }, policy, () => undefined, {
      fetch: guardedFetch(outboundPolicy(['127.0.0.1'])),
    });
    expect(allowed).toBe(true);
    expect(receiver.received.length).toBe(before + 1);
  });

  it('a name that rebinds to an internal address between the check and the connection is refused', async () => {
    const port = new URL(receiver.url).port;
    const before = receiver.received.length;
    // First answer (the check): public. Second (the socket's own lookup): loopback.
    const rebinding = resolvesTo(['93.184.216.34'], ['127.0.0.1']);
    const failure = await guardedFetch(NOTHING_ALLOWED, rebinding)(`http://rebind.example:${port}/hook`, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e,
    );
    expect(failureClass(failure, 1000)).toContain('destination refused');
    expect(receiver.received.length).toBe(before);
  });

  it('a redirect is not followed', async () => {
    receiver.script({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const response = await guardedFetch(outboundPolicy(['127.0.0.1']))(`${receiver.url}/hook`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(302);
  });
});
