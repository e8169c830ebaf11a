import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Annotation } from '../../model/annotation.ts';
import { DAY_MS, fromBase64Url, shareChallengeMessage, toBase64Url } from '../../model/share.ts';
import { openShare, sealShare } from '../../notes/share-crypto.ts';
import { toAnnotation } from '../../notes/note-store.ts';
import type { ShareableNote, TrialNotesShare, TrialShareCreateEvent, TrialShareOpenEvent } from './trial-notes-share.ts';
import type { NoteImportResult } from './trial-note.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';
import type { TrialNotes } from './trial-notes.ts';
import './define.ts';
import { note, PAGE, TRIAL } from '../../../test/helpers/share.ts';

const notes = [note('a', 'scheduled study visits', 'Ask whether visits can be on Fridays'), note('b', 'compensation', 'Travel costs – 交通费?')];

function annotationsOf(list: ShareableNote[]): Annotation[] {
  return list.map((n) => toAnnotation(n, PAGE));
}

/** The share element's tree and its two dialogs', searched as one. */
function root(el: TrialNotesShare) {
  const roots = () => [el.shadowRoot!, ...[...el.shadowRoot!.querySelectorAll('trial-share-send-dialog, trial-share-open-dialog')].map((dialog) => dialog.shadowRoot!)];
  return {
    querySelector<T extends Element = HTMLElement>(selector: string): T | null {
      for (const tree of roots()) {
        const found = tree.querySelector<T>(selector);
        if (found) return found;
      }
      return null;
    },
    querySelectorAll<T extends Element = HTMLElement>(selector: string): T[] {
      return roots().flatMap((tree) => [...tree.querySelectorAll<T>(selector)]);
    },
    get textContent(): string {
      return roots()
        .map((tree) => tree.textContent ?? '')
        .join(' ');
    },
  };
}

function q<T extends Element = HTMLElement>(el: TrialNotesShare, selector: string): T {
  const found = root(el).querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

function button(el: TrialNotesShare, text: string, scope = ''): HTMLButtonElement {
  const found = [...root(el).querySelectorAll<HTMLButtonElement>(`${scope} button`)].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

async function type(input: HTMLInputElement, value: string): Promise<void> {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

const result: NoteImportResult = { added: 2, skipped: 0, exact: 1, fuzzy: 1, ambiguous: 0, orphan: 0 };

/** A share server in memory, behind a stubbed `fetch`, checking challenge answers like the real one. */
function fakeServer(endpoint: string) {
  const shares = new Map<string, { envelope: unknown; verifier: string; deleteToken: string; header: unknown }>();
  const calls: string[] = [];
  const original = window.fetch;
  const nonces = new Set<string>();
  const hmac = async (keyB64: string, message: Uint8Array<ArrayBuffer>) => {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(fromBase64Url(keyB64)!), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, message)));
  };
  const respond = (status: number, body?: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (!url.startsWith(endpoint)) return original(input, init);
    const method = init?.method ?? 'GET';
    const rest = url.slice(endpoint.length).split('/').filter(Boolean);
    calls.push(`${method} ${rest.join('/')}`);
    if (method === 'POST' && rest.length === 0) {
      const body = JSON.parse(String(init?.body)) as { envelope: { header: { expiresAt: string } }; verifier: string };
      const id = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
      const deleteToken = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
      shares.set(id, { envelope: body.envelope, verifier: body.verifier, deleteToken, header: body.envelope.header });
      return respond(201, { id, deleteToken, expiresAt: body.envelope.header.expiresAt });
    }
    const share = shares.get(rest[0] ?? '');
    if (!share) return respond(404, { error: 'unavailable' });
    if (method === 'GET') return respond(200, { id: rest[0], header: share.header, expiresAt: (share.header as { expiresAt: string }).expiresAt, viewsLeft: null });
    if (method === 'POST' && rest[1] === 'challenge') {
      const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
      nonces.add(nonce);
      return respond(200, { nonce, expiresAt: new Date(Date.now() + 120_000).toISOString() });
    }
    if (method === 'POST' && rest[1] === 'open') {
      const { nonce, answer } = JSON.parse(String(init?.body)) as { nonce: string; answer: string };
      if (!nonces.delete(nonce)) return respond(409, { error: 'challenge' });
      if ((await hmac(share.verifier, shareChallengeMessage(rest[0]!, nonce))) !== answer) return respond(403, { error: 'wrong-proof' });
      return respond(200, { envelope: share.envelope, viewsLeft: null });
    }
    if (method === 'DELETE') {
      if ((init?.headers as Record<string, string>).authorization !== `Bearer ${share.deleteToken}`) return respond(403, { error: 'forbidden' });
      shares.delete(rest[0]!);
      return new Response(null, { status: 204 });
    }
    return respond(405);
  };
  return { shares, calls, restore: () => (window.fetch = original) };
}

describe('trial-notes-share', () => {
  beforeEach(() => localStorage.removeItem('trialkit-sent-shares'));

  describe('sending', () => {
    it('makes a fragment link with a generated passcode and warns that it cannot be revoked', async () => {
      const el = await fixture<TrialNotesShare>(html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} no-auto-open></trial-notes-share>`);
      await expect(el).to.be.accessible();
      await el.showShareDialog();
      expect(q<HTMLDialogElement>(el, 'dialog.share').open).to.equal(true);
      expect(q(el, '.notice').textContent).to.contain('no share server');
      await expect(el).to.be.accessible();
      const generated = q(el, 'code.passcode').textContent!;
      const created = oneEvent<TrialShareCreateEvent>(el, 'trial-share-create');
      q<HTMLFormElement>(el, 'dialog.share form').requestSubmit();
      const event = await created;
      expect(event.mode).to.equal('fragment');
      expect(event.noteCount).to.equal(2);
      await el.updateComplete;
      const link = q<HTMLInputElement>(el, '#share-link').value;
      expect(link.startsWith(`${PAGE}#trialkit-share=f1.`)).to.equal(true);
      expect(root(el).textContent).to.contain('another way than the link');
      expect(root(el).textContent).to.contain('cannot be revoked');
      await expect(el).to.be.accessible();
      const opened = await openShare(link, generated, { expectedTrialId: TRIAL });
      expect(opened.notes).to.deep.equal(annotationsOf(notes));
    });

    it('refuses a weak own passcode, stricter without a server, and shares only the chosen notes', async () => {
      const el = await fixture<TrialNotesShare>(html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} no-auto-open></trial-notes-share>`);
      await el.showShareDialog();
      // Only the second note.
      const [, some] = root(el).querySelectorAll<HTMLInputElement>('input[name="pick"]');
      some!.click();
      await el.updateComplete;
      root(el).querySelectorAll<HTMLInputElement>('.pick-list input[type="checkbox"]')[1]!.click();
      // Own passcode: a server-mode-strength one is not enough in fragment mode.
      root(el).querySelectorAll<HTMLInputElement>('input[name="passcode"]')[1]!.click();
      await el.updateComplete;
      const input = q<HTMLInputElement>(el, '#own-passcode');
      await type(input, 'x9#Lm2$pQ7');
      q<HTMLFormElement>(el, 'dialog.share form').requestSubmit();
      await waitUntil(() => root(el).querySelector('.share-error'));
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(q(el, '.share-error').textContent).to.contain('at least 14');
      await expect(el).to.be.accessible();
      const own = '  river lantern copper meadow seven  ';
      await type(input, own);
      await el.updateComplete;
      expect(q(el, '#own-passcode-hint').textContent).to.contain('Strong enough');
      q<HTMLFormElement>(el, 'dialog.share form').requestSubmit();
      await waitUntil(() => root(el).querySelector('#share-link'));
      const link = q<HTMLInputElement>(el, '#share-link').value;
      // Spaces at both ends are part of the passcode.
      const opened = await openShare(link, own, { expectedTrialId: TRIAL });
      expect(opened.notes).to.deep.equal(annotationsOf([notes[1]!]));
    });

    it('does not credit the trial id or the page host in an own passcode', async () => {
      const endpoint = 'https://shares.example/api/shares';
      const el = await fixture<TrialNotesShare>(
        html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`,
      );
      await el.showShareDialog();
      root(el).querySelectorAll<HTMLInputElement>('input[name="passcode"]')[1]!.click();
      await el.updateComplete;
      const input = q<HTMLInputElement>(el, '#own-passcode');
      // Strong enough for server mode on any other page…
      await type(input, 'qx hospital nct06801119');
      await el.updateComplete;
      expect(q(el, '#own-passcode-hint').textContent).to.contain('too easy to guess');
      await type(input, 'qx lantern copper meadow');
      await el.updateComplete;
      expect(q(el, '#own-passcode-hint').textContent).to.contain('Strong enough');
    });

    it('stores server shares, lists them for the sender and revokes them', async () => {
      const endpoint = 'https://shares.example/api/shares';
      const server = fakeServer(endpoint);
      // Test files run side by side on one origin and share localStorage: a trial id of this
      // test's own keeps other files' shares out of the list it counts.
      const trialId = 'NCT09990001';
      try {
        const el = await fixture<TrialNotesShare>(
          html`<trial-notes-share .notes=${notes} trial-id=${trialId} page-url=${PAGE} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`,
        );
        await el.showShareDialog();
        expect(root(el).querySelector('.notice')).to.equal(null);
        q<HTMLInputElement>(el, 'dialog.share input[type="checkbox"]').click();
        await el.updateComplete;
        await type(q<HTMLInputElement>(el, '#max-views'), '3');
        q<HTMLFormElement>(el, 'dialog.share form').requestSubmit();
        await waitUntil(() => root(el).querySelector('#share-link'), 'no link', { timeout: 10000 });
        const link = q<HTMLInputElement>(el, '#share-link').value;
        expect(link).to.match(/#trialkit-share=s1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
        expect(server.shares.size).to.equal(1);
        // Nothing readable reached the server.
        const stored = JSON.stringify([...server.shares.values()]);
        expect(stored).not.to.contain('Fridays');
        expect(stored).not.to.contain(link.split('.').pop());
        expect(root(el).querySelectorAll('.sent li')).to.have.length(1);
        expect(q(el, '.sent').textContent).to.contain('at most 3 views');
        await expect(el).to.be.accessible();
        button(el, 'Revoke', '.sent').click();
        await waitUntil(() => root(el).querySelectorAll('.sent li').length === 0);
        expect(server.shares.size).to.equal(0);
        expect(q(el, '.sent').textContent).to.contain('no longer opens');
        const kept = JSON.parse(localStorage.getItem('trialkit-sent-shares') ?? '[]') as { trialId: string }[];
        expect(kept.filter((share) => share.trialId === trialId)).to.deep.equal([]);
      } finally {
        server.restore();
      }
    });
  });

  describe('opening', () => {
    let link: string;
    const passcode = 'k7qm-2xpd-9hrt-w4nb';
    before(async () => {
      const sealed = await sealShare(annotationsOf(notes), { passcode, trialId: TRIAL, expiresAt: Date.now() + DAY_MS, mode: 'fragment' });
      link = `${PAGE}#trialkit-share=${sealed.fragmentValue}`;
    });

    it('asks for the passcode, keeps it after a wrong try, and merges on success', async () => {
      const received: Annotation[][] = [];
      const importer = async (list: Annotation[]) => {
        received.push(list);
        return result;
      };
      const el = await fixture<TrialNotesShare>(html`<trial-notes-share .notes=${[]} .importer=${importer} trial-id=${TRIAL} no-auto-open></trial-notes-share>`);
      await el.checkAddress(link);
      expect(q<HTMLDialogElement>(el, 'dialog.open').open).to.equal(true);
      expect(q(el, 'dialog.open').textContent).to.contain('shared 2 notes');
      await expect(el).to.be.accessible();
      const input = q<HTMLInputElement>(el, '#open-passcode');
      await type(input, ` ${passcode}`);
      q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
      await waitUntil(() => root(el).querySelector('dialog.open .share-error'), 'no error', { timeout: 10000 });
      expect(q(el, 'dialog.open .share-error').textContent).to.contain('does not open');
      expect(q<HTMLInputElement>(el, '#open-passcode').value).to.equal(` ${passcode}`);
      expect(q(el, '#open-passcode').getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      expect(received).to.have.length(0);
      await type(q<HTMLInputElement>(el, '#open-passcode'), passcode);
      const opened = oneEvent<TrialShareOpenEvent>(el, 'trial-share-open');
      q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
      expect((await opened).result).to.deep.equal(result);
      await el.updateComplete;
      expect(received[0]).to.deep.equal(annotationsOf(notes));
      const summary = q(el, '.summary').textContent!.replace(/\s+/g, ' ');
      expect(summary).to.contain('2 notes added');
      expect(summary).to.contain('1 found exactly');
      expect(summary).to.contain('1 found in slightly changed text');
      expect(summary).to.contain('0 not found');
      await expect(el).to.be.accessible();
    });

    it('explains a damaged link, another page and an expired link before any passcode', async () => {
      const importer = () => result;
      const cases: [string, string, string][] = [
        ['damaged', `${link.slice(0, -3)}`, 'damaged or incomplete'],
        ['another page', link, 'different page'],
      ];
      for (const [name, address, text] of cases) {
        const el = await fixture<TrialNotesShare>(
          html`<trial-notes-share .importer=${importer} trial-id=${name === 'another page' ? 'NCT00000001' : TRIAL} no-auto-open></trial-notes-share>`,
        );
        await el.checkAddress(address);
        expect(root(el).querySelector('#open-passcode'), name).to.equal(null);
        expect(q(el, 'dialog.open .share-error').textContent, name).to.contain(text);
        await expect(el).to.be.accessible();
      }
      const expiring = await sealShare([], { passcode, trialId: TRIAL, expiresAt: Date.now() + 50, mode: 'fragment' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      const el = await fixture<TrialNotesShare>(html`<trial-notes-share .importer=${importer} trial-id=${TRIAL} no-auto-open></trial-notes-share>`);
      await el.checkAddress(`${PAGE}#trialkit-share=${expiring.fragmentValue}`);
      expect(q(el, 'dialog.open .share-error').textContent).to.contain('expired');
    });

    it('notices a link in the page address on load and takes it out after opening', async () => {
      const before = location.href;
      const value = link.slice(link.indexOf('#'));
      history.replaceState(history.state, '', `${location.pathname}${location.search}${value}`);
      try {
        const el = await fixture<TrialNotesShare>(html`<trial-notes-share .importer=${() => result} trial-id=${TRIAL}></trial-notes-share>`);
        await waitUntil(() => root(el).querySelector('#open-passcode'), 'no passcode field');
        expect(q<HTMLDialogElement>(el, 'dialog.open').open).to.equal(true);
        await type(q<HTMLInputElement>(el, '#open-passcode'), passcode);
        q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
        await waitUntil(() => root(el).querySelector('.summary'), 'no summary', { timeout: 10000 });
        expect(location.hash).to.equal('');
      } finally {
        history.replaceState(history.state, '', before);
      }
    });

    it('ignores addresses without a share', async () => {
      const el = await fixture<TrialNotesShare>(html`<trial-notes-share .importer=${() => result} trial-id=${TRIAL} no-auto-open></trial-notes-share>`);
      await el.checkAddress(`${PAGE}#eligibility`);
      expect(q<HTMLDialogElement>(el, 'dialog.open').open).to.equal(false);
    });

    it('opens a server share with one answered challenge after the passcode', async () => {
      const endpoint = 'https://shares.example/api/shares';
      const server = fakeServer(endpoint);
      try {
        const sender = await fixture<TrialNotesShare>(
          html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`,
        );
        await sender.showShareDialog();
        const generated = q(sender, 'code.passcode').textContent!;
        q<HTMLFormElement>(sender, 'dialog.share form').requestSubmit();
        await waitUntil(() => root(sender).querySelector('#share-link'), 'no link', { timeout: 10000 });
        const serverLink = q<HTMLInputElement>(sender, '#share-link').value;
        server.calls.length = 0;

        const received: Annotation[][] = [];
        const el = await fixture<TrialNotesShare>(
          html`<trial-notes-share .importer=${(list: Annotation[]) => (received.push(list), result)} trial-id=${TRIAL} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`,
        );
        await el.checkAddress(serverLink);
        // Noticing the link only reads the header.
        expect(server.calls.every((call) => call.startsWith('GET'))).to.equal(true);
        await type(q<HTMLInputElement>(el, '#open-passcode'), 'wrong passcode');
        q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
        await waitUntil(() => root(el).querySelector('dialog.open .share-error'), 'no error', { timeout: 10000 });
        await type(q<HTMLInputElement>(el, '#open-passcode'), generated);
        q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
        await waitUntil(() => received.length === 1, 'not imported', { timeout: 10000 });
        expect(received[0]).to.deep.equal(annotationsOf(notes));
        expect(server.calls.filter((call) => call.endsWith('/open'))).to.have.length(2);
      } finally {
        server.restore();
      }
    });
  });

  describe('inside <trial-notes>', () => {
    const content = (second: string) => html`<article>
      <p>Participants will receive the study medication once a day for twelve weeks during the main phase.</p>
      <p>${second}</p>
    </article>`;

    it('sends notes from one reader and merges them into the notes of another reader', async () => {
      const key = `trial:share-test-${Date.now()}-${Math.random()}`;
      const sender = await fixture<TrialNotes>(
        html`<trial-notes storage-key=${key}>${content('Blood samples are taken at each visit to measure kidney function and protein in the urine.')}</trial-notes>`,
      );
      await sender.whenLoaded();
      await sender.addNote(rangeIn(sender, 'twelve weeks'), 'Ask whether the twelve weeks can start later');
      await sender.addNote(rangeIn(sender, 'kidney function and protein'), 'Which tests exactly?');
      await sender.updateComplete;
      const share = sender.shadowRoot!.querySelector<TrialNotesShare>('trial-notes-share')!;
      expect(share.trialId).to.equal(key);
      await share.updateComplete;
      await share.showShareDialog();
      const passcode = q(share, 'code.passcode').textContent!;
      q<HTMLFormElement>(share, 'dialog.share form').requestSubmit();
      await waitUntil(() => root(share).querySelector('#share-link'), 'no link', { timeout: 10000 });
      const link = q<HTMLInputElement>(share, '#share-link').value;
      await expect(sender).to.be.accessible();
      q<HTMLDialogElement>(share, 'dialog.share').close();
      // The recipient's browser has none of the sender's notes.
      for (const n of sender.notes) await sender.removeNote(n.id);
      sender.remove();

      const recipient = await fixture<TrialNotes>(
        html`<trial-notes storage-key=${key}>${content('Blood samples are taken at every visit to measure kidney functions and protein in urine.')}</trial-notes>`,
      );
      await recipient.whenLoaded();
      await recipient.addNote(rangeIn(recipient, 'study medication'), 'My own note');
      const inbox = recipient.shadowRoot!.querySelector<TrialNotesShare>('trial-notes-share')!;
      await inbox.updateComplete;
      await inbox.checkAddress(link);
      await type(q<HTMLInputElement>(inbox, '#open-passcode'), passcode);
      q<HTMLFormElement>(inbox, 'dialog.open form').requestSubmit();
      await waitUntil(() => root(inbox).querySelector('.summary'), 'no summary', { timeout: 10000 });
      const summary = q(inbox, '.summary').textContent!.replace(/\s+/g, ' ');
      expect(summary).to.contain('2 notes added');
      const bodies = recipient.notes.map((n) => n.body);
      expect(bodies).to.include.members(['My own note', 'Ask whether the twelve weeks can start later', 'Which tests exactly?']);
      const states = Object.fromEntries(recipient.notes.map((n) => [n.body, n.state]));
      expect(states['Ask whether the twelve weeks can start later']).to.equal('exact');
      expect(states['Which tests exactly?']).to.be.oneOf(['fuzzy', 'exact']);
      // The list opens to show them, and closing the dialog puts focus on the first note.
      expect(recipient.panelOpen).to.equal(true);
      await expect(recipient).to.be.accessible();
      button(inbox, 'Close', 'dialog.open').click();
      await waitUntil(() => recipient.shadowRoot!.activeElement?.classList.contains('note'), 'focus on the first received note', { timeout: 5000 });
      for (const n of recipient.notes) await recipient.removeNote(n.id);
    });
  });
});
