import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { TrialNotesShare } from './trial-notes-share.ts';
import type { NoteImportResult } from './trial-note.ts';
import { referenceServer } from '../../../test/helpers/contact.ts';
import { note, PAGE, TRIAL } from '../../../test/helpers/share.ts';

/**
 * The share dialogs reflow: on a 320 CSS px phone, and with text twice its size (the root
 * font-size at 200%, what a browser's text-size setting does; a narrow window at a high pixel
 * ratio is not that), on a wide window and on the phone. Nothing is cut off or scrolled
 * sideways; the passcode, the labels and the show/hide and copy buttons are whole. And against
 * the real reference server, a wrong passcode says how many tries are left before the lockout.
 */

const notes = [
  note('a', 'scheduled study visits at the Riverside University Hospital research unit', 'Ask whether visits can be on Fridays'),
  note('b', 'compensation', 'Travel costs – 交通费?'),
];
const result: NoteImportResult = { added: 2, skipped: 0, exact: 2, fuzzy: 0, ambiguous: 0, orphan: 0 };

function has(el: TrialNotesShare, selector: string): boolean {
  try {
    q(el, selector);
    return true;
  } catch {
    return false;
  }
}

/** In the share element's tree or one of its dialogs'. */
function q<T extends Element = HTMLElement>(el: TrialNotesShare, selector: string): T {
  const found =
    el.shadowRoot!.querySelector<T>(selector) ??
    el.shadowRoot!.querySelector('trial-share-send-dialog')?.shadowRoot?.querySelector<T>(selector) ??
    el.shadowRoot!.querySelector('trial-share-open-dialog')?.shadowRoot?.querySelector<T>(selector) ??
    null;
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

function button(el: TrialNotesShare, text: string, scope = ''): HTMLButtonElement {
  const trees = [el.shadowRoot!, ...[...el.shadowRoot!.querySelectorAll('trial-share-send-dialog, trial-share-open-dialog')].map((d) => d.shadowRoot)].filter((tree) => !!tree);
  const found = trees.flatMap((tree) => [...tree.querySelectorAll<HTMLButtonElement>(`${scope} button`)]).find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** What of an open dialog sticks out of it or out of the window; empty when it reflows. */
function overflowOf(dialog: HTMLDialogElement): string[] {
  const problems: string[] = [];
  const box = dialog.getBoundingClientRect();
  if (box.left < 0 || box.right > window.innerWidth) problems.push(`the dialog spans ${box.left}–${box.right} in a ${window.innerWidth} px window`);
  if (dialog.scrollWidth > dialog.clientWidth) problems.push(`the dialog scrolls sideways (${dialog.scrollWidth} > ${dialog.clientWidth})`);
  for (const element of dialog.querySelectorAll('*')) {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || element.closest('.visually-hidden')) continue;
    if (rect.right > box.right + 0.5 || rect.left < box.left - 0.5) problems.push(`<${element.localName}> “${element.textContent?.trim().slice(0, 30)}” spans ${Math.round(rect.left)}–${Math.round(rect.right)}`);
  }
  return problems;
}

/** Which of `elements` cannot be seen whole in the open dialog, even scrolled to. */
function cutOff(dialog: HTMLDialogElement, elements: Element[]): string[] {
  const problems: string[] = [];
  for (const element of elements) {
    element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const rect = element.getBoundingClientRect();
    const box = dialog.getBoundingClientRect();
    const what = `<${element.localName}> “${(element.textContent?.trim() || (element as HTMLInputElement).value || '').slice(0, 30)}”`;
    if (rect.width === 0 || rect.height === 0) problems.push(`${what} takes no space`);
    else if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5) {
      problems.push(`${what} at ${Math.round(rect.left)}–${Math.round(rect.right)} × ${Math.round(rect.top)}–${Math.round(rect.bottom)} sticks out of the dialog`);
    } else if (rect.left < -0.5 || rect.right > window.innerWidth + 0.5 || rect.top < -0.5 || rect.bottom > window.innerHeight + 0.5) problems.push(`${what} is outside the window`);
    // Text clipped inside its own box (an input may scroll what is typed; that is its nature).
    else if (!(element instanceof HTMLInputElement) && element.scrollWidth > element.clientWidth + 1) problems.push(`${what} cuts its text off`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) problems.push(`the page scrolls sideways (${page.scrollWidth} > ${page.clientWidth})`);
  return problems;
}

function all<T extends Element = HTMLElement>(el: TrialNotesShare, selector: string): T[] {
  const trees = [el.shadowRoot!, ...[...el.shadowRoot!.querySelectorAll('trial-share-send-dialog, trial-share-open-dialog')].map((d) => d.shadowRoot!)];
  return trees.flatMap((tree) => [...tree.querySelectorAll<T>(selector)]);
}

const LAYOUTS = [
  { name: 'on a 320 CSS px phone', width: 320, height: 640, text: '' },
  { name: 'with text at 200%', width: 800, height: 600, text: '200%' },
  { name: 'with text at 200% on a 320 CSS px phone', width: 320, height: 640, text: '200%' },
];

for (const layout of LAYOUTS) describe(`share dialogs ${layout.name}`, () => {
  before(async () => {
    await setViewport({ width: layout.width, height: layout.height });
    document.documentElement.style.fontSize = layout.text;
  });
  after(async () => {
    document.documentElement.style.fontSize = '';
    await setViewport({ width: 800, height: 600 });
  });

  it('the send dialog reflows: form, own passcode with show/hide, and the link made', async () => {
    const el = await fixture<TrialNotesShare>(html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} no-auto-open></trial-notes-share>`);
    await el.showShareDialog();
    const dialog = q<HTMLDialogElement>(el, 'dialog.share');
    expect(getComputedStyle(dialog).fontSize, 'the text size in use').to.equal(layout.text ? '32px' : '16px');
    expect(overflowOf(dialog)).to.deep.equal([]);
    expect(cutOff(dialog, [...all(el, 'dialog.share label'), q(el, 'dialog.share .passcode')])).to.deep.equal([]);
    await expect(el).to.be.accessible();

    // Own passcode: hidden as typed until "Show passcode" is pressed.
    const [, own] = [...q(el, 'trial-share-send-dialog').shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="passcode"]')];
    own!.click();
    await el.updateComplete;
    const input = q<HTMLInputElement>(el, '#own-passcode');
    expect(input.type).to.equal('password');
    const toggle = button(el, 'Show passcode', 'dialog.share');
    expect(toggle.getAttribute('aria-controls')).to.equal('own-passcode');
    toggle.click();
    await el.updateComplete;
    expect(input.type).to.equal('text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    type(input, 'a-passcode-long-enough-to-run-past-the-edge-of-a-small-phone-screen');
    await el.updateComplete;
    expect(overflowOf(dialog)).to.deep.equal([]);
    expect(cutOff(dialog, [q(el, 'label[for="own-passcode"]'), input, toggle])).to.deep.equal([]);
    await expect(el).to.be.accessible();

    q<HTMLFormElement>(el, 'dialog.share form').requestSubmit();
    await waitUntil(() => has(el, '#share-link'), 'no link', { timeout: 10000 });
    await el.updateComplete;
    expect(overflowOf(dialog)).to.deep.equal([]);
    expect(cutOff(dialog, [q(el, 'label[for="share-link"]'), q(el, '.created .passcode'), button(el, 'Copy link'), button(el, 'Copy passcode')])).to.deep.equal([]);
    await expect(el).to.be.accessible();

    // "Copy passcode" copies it, or says plainly that it could not.
    button(el, 'Copy passcode').click();
    await waitUntil(() => q(el, '.created .hint[role="status"]').textContent!.trim(), 'no copy status');
    const status = q(el, '.created .hint[role="status"]').textContent!.trim();
    expect(status).to.be.oneOf(['Passcode copied.', 'The passcode could not be copied here: write it down or read it out.']);
    if (status === 'Passcode copied.') expect(await navigator.clipboard.readText()).to.equal('a-passcode-long-enough-to-run-past-the-edge-of-a-small-phone-screen');
  });

  it('the open dialog reflows, names the page, and hides the passcode until asked', async () => {
    const sender = await fixture<TrialNotesShare>(html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} no-auto-open></trial-notes-share>`);
    await sender.showShareDialog();
    q<HTMLFormElement>(sender, 'dialog.share form').requestSubmit();
    await waitUntil(() => has(sender, '#share-link'), 'no link', { timeout: 10000 });
    const link = q<HTMLInputElement>(sender, '#share-link').value;
    q<HTMLDialogElement>(sender, 'dialog.share').close();

    const title = document.title;
    document.title = 'Lupus research at Riverside';
    const el = await fixture<TrialNotesShare>(html`<trial-notes-share .importer=${() => result} trial-id=${TRIAL} no-auto-open></trial-notes-share>`);
    await el.checkAddress(link);
    document.title = title;
    const dialog = q<HTMLDialogElement>(el, 'dialog.open');
    expect(getComputedStyle(dialog).fontSize, 'the text size in use').to.equal(layout.text ? '32px' : '16px');
    expect(q(el, '.for-page').textContent).to.contain(`Lupus research at Riverside (${TRIAL})`);
    expect(q<HTMLInputElement>(el, '#open-passcode').type).to.equal('password');
    button(el, 'Show passcode', 'dialog.open').click();
    await el.updateComplete;
    expect(q<HTMLInputElement>(el, '#open-passcode').type).to.equal('text');
    expect(overflowOf(dialog)).to.deep.equal([]);
    expect(cutOff(dialog, [q(el, 'label[for="open-passcode"]'), q(el, '#open-passcode'), button(el, 'Show passcode', 'dialog.open'), q(el, '.for-page'), button(el, 'Open', 'dialog.open')])).to.deep.equal([]);
    await expect(el).to.be.accessible();
    type(q<HTMLInputElement>(el, '#open-passcode'), 'not the passcode');
    q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
    await waitUntil(() => q(el, 'trial-share-open-dialog').shadowRoot!.querySelector('dialog.open .share-error'), 'no error', { timeout: 10000 });
    expect(overflowOf(dialog)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });
});

describe('wrong passcodes against the reference server', () => {
  it('says how many tries are left, in the singular for the last, and when the link locks', async function () {
    this.timeout(60000);
    const { url } = await referenceServer();
    const endpoint = `${url}/api/shares`;
    const sender = await fixture<TrialNotesShare>(
      html`<trial-notes-share .notes=${notes} trial-id=${TRIAL} page-url=${PAGE} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`,
    );
    await sender.showShareDialog();
    q<HTMLFormElement>(sender, 'dialog.share form').requestSubmit();
    await waitUntil(() => has(sender, '#share-link'), 'no link', { timeout: 15000 });
    const link = q<HTMLInputElement>(sender, '#share-link').value;
    q<HTMLDialogElement>(sender, 'dialog.share').close();

    const el = await fixture<TrialNotesShare>(html`<trial-notes-share .importer=${() => result} trial-id=${TRIAL} share-endpoint=${endpoint} no-auto-open></trial-notes-share>`);
    await el.checkAddress(link);
    const errors: string[] = [];
    for (let i = 0; i < 5; i++) {
      type(q<HTMLInputElement>(el, '#open-passcode'), `wrong ${i}`);
      const openRoot = q(el, 'trial-share-open-dialog').shadowRoot!;
      const before = openRoot.querySelector('.share-error');
      q<HTMLFormElement>(el, 'dialog.open form').requestSubmit();
      await waitUntil(() => {
        const now = openRoot.querySelector('.share-error');
        return now && now !== before && !openRoot.querySelector('button[type="submit"][disabled]');
      }, `no answer to try ${i + 1}`, { timeout: 15000 });
      errors.push(q(el, '.share-error').textContent!.trim());
      // A fresh error element each time, so that role="alert" is announced again.
      openRoot.querySelector('.share-error')!.remove();
    }
    expect(errors[0]).to.contain('4 more tries before the link is locked for a while.');
    expect(errors[3]).to.contain('1 more try before the link is locked for a while.');
    expect(errors[4]).to.contain('That was the last try for now');
  });
});
