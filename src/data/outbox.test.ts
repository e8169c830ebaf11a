import { expect } from '@open-wc/testing';
import type { DeliveryResult } from './delivery.ts';
import { Outbox, OUTBOX_MAX_AGE_MS, type OutboxChangeEvent, type OutboxEntry } from './outbox.ts';

let counter = 0;

function freshOutbox(now: () => number = Date.now): Outbox {
  return new Outbox({ dbName: `trialkit-outbox-test-${Date.now()}-${counter++}`, now });
}

async function drop(outbox: Outbox): Promise<void> {
  await outbox.close();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(outbox.dbName);
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });
}

const delivered: DeliveryResult = { kind: 'delivered', status: 201, body: { id: '1' }, attempts: 1 };
const failed: DeliveryResult = { kind: 'failed', reason: 'network', attempts: 1 };
const rejected: DeliveryResult = { kind: 'rejected', status: 422, fieldErrors: {}, attempts: 1 };

describe('outbox', () => {
  it('keeps entries until they are delivered', async () => {
    const outbox = freshOutbox();
    try {
      await outbox.add({ id: 'a', kind: 'contact', endpoint: '/api/contact', payload: { n: 1 }, owner: 'x' });
      await outbox.add({ id: 'b', kind: 'notify', endpoint: '/api/notify', payload: { n: 2 } });
      expect((await outbox.list()).map((e) => e.id)).to.deep.equal(['a', 'b']);

      const sent: string[] = [];
      const report = await outbox.flush(async (entry) => {
        sent.push(entry.id);
        return entry.id === 'a' ? delivered : failed;
      });
      expect(sent).to.deep.equal(['a', 'b']);
      expect(report.delivered.map((d) => d.entry.id)).to.deep.equal(['a']);
      expect(report.pending.map((e) => e.id)).to.deep.equal(['b']);
      const left = await outbox.list();
      expect(left.map((e) => e.id)).to.deep.equal(['b']);
      expect(left[0]!.attempts).to.equal(1);
      expect(left[0]!.payload).to.deep.equal({ n: 2 });
    } finally {
      await drop(outbox);
    }
  });

  it('deletes refused entries and tells listeners', async () => {
    const outbox = freshOutbox();
    const changes: string[] = [];
    outbox.addEventListener('change', (e) => changes.push((e as OutboxChangeEvent).change));
    try {
      await outbox.add({ id: 'r', kind: 'contact', endpoint: '/x', payload: {} });
      const report = await outbox.flush(async () => rejected);
      expect(report.rejected).to.have.length(1);
      expect(await outbox.list()).to.deep.equal([]);
      expect(changes).to.deep.equal(['added', 'rejected']);
    } finally {
      await drop(outbox);
    }
  });

  it('deletes entries older than 7 days without sending them', async () => {
    let now = Date.UTC(2026, 0, 1);
    const outbox = freshOutbox(() => now);
    try {
      await outbox.add({ id: 'old', kind: 'contact', endpoint: '/x', payload: {} });
      now += OUTBOX_MAX_AGE_MS - 1000;
      await outbox.add({ id: 'new', kind: 'contact', endpoint: '/x', payload: {} });
      now += 2000;
      const sent: string[] = [];
      const report = await outbox.flush(async (entry: OutboxEntry) => {
        sent.push(entry.id);
        return failed;
      });
      expect(sent).to.deep.equal(['new']);
      expect(report.expired).to.equal(1);
      expect((await outbox.list()).map((e) => e.id)).to.deep.equal(['new']);
      now += OUTBOX_MAX_AGE_MS;
      expect(await outbox.purgeExpired()).to.equal(1);
      expect(await outbox.list()).to.deep.equal([]);
    } finally {
      await drop(outbox);
    }
  });

  it('survives a reload: a new Outbox on the same database sees the entries', async () => {
    const first = freshOutbox();
    await first.add({ id: 'k', kind: 'contact', endpoint: '/x', payload: { hello: 'world' } });
    await first.close();
    const second = new Outbox({ dbName: first.dbName });
    try {
      const [entry] = await second.list();
      expect(entry?.payload).to.deep.equal({ hello: 'world' });
    } finally {
      await drop(second);
    }
  });

  it('does not send an entry discarded while the flush was busy with an earlier one', async () => {
    const outbox = freshOutbox();
    try {
      await outbox.add({ id: 'first', kind: 'contact', endpoint: '/x', payload: {} });
      await new Promise((resolve) => setTimeout(resolve, 2));
      await outbox.add({ id: 'second', kind: 'contact', endpoint: '/x', payload: {} });
      const sent: string[] = [];
      await outbox.flush(async (entry) => {
        sent.push(entry.id);
        if (entry.id === 'first') await outbox.remove('second');
        return failed;
      });
      expect(sent).to.deep.equal(['first']);
    } finally {
      await drop(outbox);
    }
  });

  it('does not bring back an entry discarded while it was being sent', async () => {
    const outbox = freshOutbox();
    try {
      await outbox.add({ id: 'gone', kind: 'contact', endpoint: '/x', payload: {} });
      await outbox.flush(async (entry) => {
        await outbox.remove(entry.id);
        return failed;
      });
      expect(await outbox.list()).to.deep.equal([]);
    } finally {
      await drop(outbox);
    }
  });

  it('stops a flush in progress when closed', async () => {
    const outbox = freshOutbox();
    try {
      await outbox.add({ id: 'a', kind: 'contact', endpoint: '/x', payload: {} });
      await new Promise((resolve) => setTimeout(resolve, 2));
      await outbox.add({ id: 'b', kind: 'contact', endpoint: '/x', payload: {} });
      const sent: string[] = [];
      const report = await outbox.flush(async (entry, signal) => {
        sent.push(entry.id);
        void outbox.close();
        expect(signal.aborted).to.be.true;
        return { kind: 'failed', reason: 'aborted', attempts: 0 };
      });
      expect(sent).to.deep.equal(['a']);
      expect(report.pending).to.deep.equal([]);
      expect((await outbox.list()).map((e) => [e.id, e.attempts])).to.deep.equal([
        ['a', 0],
        ['b', 0],
      ]);
    } finally {
      await drop(outbox);
    }
  });

  it('runs one flush at a time, and once more for calls made during it', async () => {
    const outbox = freshOutbox();
    try {
      await outbox.add({ id: 'once', kind: 'contact', endpoint: '/x', payload: {} });
      let sends = 0;
      const send = async () => {
        sends++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return delivered;
      };
      const first = outbox.flush(send);
      await outbox.add({ id: 'later', kind: 'contact', endpoint: '/x', payload: {} });
      await Promise.all([first, outbox.flush(send), outbox.flush(send)]);
      expect(sends).to.equal(2); // 'once' in the first run, 'later' in the one after it
      expect(await outbox.list()).to.deep.equal([]);
    } finally {
      await drop(outbox);
    }
  });
});
