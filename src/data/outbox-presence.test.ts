import { expect } from '@open-wc/testing';
import { Outbox } from './outbox.ts';
import { outboxMayHoldEntries } from './outbox-presence.ts';

let counter = 0;
const freshName = () => `trialkit-outbox-presence-test-${Date.now()}-${counter++}`;

async function exists(dbName: string): Promise<boolean> {
  return (await indexedDB.databases()).some((info) => info.name === dbName);
}

async function drop(outbox: Outbox): Promise<void> {
  await outbox.close();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(outbox.dbName);
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });
}

describe('outboxMayHoldEntries, the check made before loading the outbox', () => {
  it('says no for a database that does not exist, and does not create it', async () => {
    const dbName = freshName();
    expect(await outboxMayHoldEntries(dbName)).to.equal(false);
    expect(await exists(dbName)).to.equal(false);
  });

  it('says yes while an entry waits and no once it is gone, without blocking the outbox itself', async () => {
    const outbox = new Outbox({ dbName: freshName() });
    try {
      await outbox.add({ id: 'a', kind: 'contact', endpoint: '/api/contact', payload: { n: 1 }, owner: 'x' });
      expect(await outboxMayHoldEntries(outbox.dbName)).to.equal(true);
      // The check's own connection is closed: the outbox reads and writes on as before.
      await outbox.remove('a');
      expect(await outboxMayHoldEntries(outbox.dbName)).to.equal(false);
      expect(await outbox.list()).to.deep.equal([]);
    } finally {
      await drop(outbox);
    }
  });

  it('sees a row written by an older release (database version 1), and the outbox can still upgrade it', async () => {
    const dbName = freshName();
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('entries', { keyPath: 'id' });
      req.onsuccess = () => {
        const tx = req.result.transaction('entries', 'readwrite');
        tx.objectStore('entries').put({ id: 'old', kind: 'contact', endpoint: '/api/contact', payload: { n: 1 }, createdAt: Date.now(), attempts: 0 });
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    expect(await outboxMayHoldEntries(dbName)).to.equal(true);
    const outbox = new Outbox({ dbName });
    try {
      expect((await outbox.list()).map((entry) => entry.id)).to.deep.equal(['old']);
    } finally {
      await drop(outbox);
    }
  });
});
