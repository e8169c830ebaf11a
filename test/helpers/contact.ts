/** Harness for the contact form, its site picker and the notify sign-up. */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { pageOutbox } from '../../src/data/outbox.ts';
import { clearTrialCache } from '../../src/data/trial-source.ts';
import type { Trial } from '../../src/model/trial.ts';
import type { TrialContactForm } from '../../src/elements/trial-contact-form/trial-contact-form.ts';
import type { TrialSitePicker } from '../../src/elements/trial-site-picker/trial-site-picker.ts';
import { fillIn, root } from './dom.ts';

export const MULTI_SITE: Trial = {
  id: 'NCT05819398',
  title: 'A study of a new medicine in adults with eczema',
  status: 'RECRUITING',
  phases: ['PHASE2'],
  ages: {},
  stdAges: [],
  conditions: ['Eczema'],
  keywords: [],
  collaborators: [],
  dates: {},
  sponsor: 'Example Pharma',
  centralContacts: [{ name: 'Central Desk', role: 'CONTACT', phone: '1-800-243-0127', email: 'desk@example.org' }],
  officials: [],
  languages: ['es', 'Tagalog'],
  sites: [
    {
      facility: 'Holdsworth House',
      city: 'Sydney',
      state: 'New South Wales',
      zip: '2010',
      country: 'Australia',
      geo: { lat: -33.86785, lon: 151.20732 },
      status: 'RECRUITING',
      contacts: [{ name: 'Ann Smith', role: 'CONTACT', phone: '1800271035', email: 'ann@example.org' }],
    },
    {
      facility: 'Dermatology Research Associates',
      city: 'Los Angeles',
      state: 'California',
      zip: '90045',
      country: 'United States',
      geo: { lat: 34.05223, lon: -118.24368 },
      status: 'RECRUITING',
      contacts: [{ name: 'Jeffrey Ho, MD', role: 'PRINCIPAL_INVESTIGATOR', phone: '(612) 873-5832', email: 'jho@example.org' }],
    },
    {
      facility: 'Center for Clinical Studies',
      city: 'Houston',
      state: 'Texas',
      zip: '77004',
      country: 'United States',
      geo: { lat: 29.76328, lon: -95.36327 },
      status: 'NOT_YET_RECRUITING',
      contacts: [{ name: 'Front Desk', role: 'CONTACT', phone: '713-555-0100' }],
    },
    { facility: 'Closed Clinic', city: 'Boston', country: 'United States', status: 'COMPLETED', contacts: [] },
  ],
};

export const VALID = { firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.org', phone: '+1 555 010 0199', consent: true };

export type PostCall = { url: string; init: RequestInit; body: Record<string, unknown> };

const realFetch = window.fetch;

/** Replaces `fetch` for POSTs until `restorePosts()`; each answer is a Response, an Error or a promise of one. */
export function stubPosts(answer: (call: PostCall) => Response | Error | Promise<Response | Error>): PostCall[] {
  const calls: PostCall[] = [];
  window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!init || init.method !== 'POST') return realFetch(input, init);
    const call = { url: String(input), init, body: JSON.parse(String(init.body)) as Record<string, unknown> };
    calls.push(call);
    const result = await answer(call);
    if (result instanceof Error) throw result;
    return result;
  }) as typeof fetch;
  return calls;
}

export function restoreFetch(): void {
  window.fetch = realFetch;
}

export { realFetch };

/** A `201` as the reference server sends it; `delivery` as the server reports it. */
export function created(id = '42', delivery?: { team: 'email' | 'webhook' | 'stored'; copyToReader: boolean }): Response {
  return new Response(JSON.stringify({ id, receivedAt: new Date().toISOString(), ...(delivery ? { delivery } : {}) }), {
    status: 201,
    headers: { 'content-type': 'application/json' },
  });
}

export async function contactForm(template?: TemplateResult): Promise<TrialContactForm> {
  const el = await fixture<TrialContactForm>(template ?? html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" .minFillMs=${0}></trial-contact-form>`);
  await el.updateComplete;
  await picker(el)?.updateComplete;
  return el;
}

export function picker(el: TrialContactForm): TrialSitePicker | null {
  return root(el).querySelector('trial-site-picker');
}

/** Picks the study center with this index in `trial.sites`, as a reader clicks it. */
export async function chooseSite(el: TrialContactForm | TrialSitePicker, index: number): Promise<void> {
  const scope = el.localName === 'trial-site-picker' ? el : picker(el as TrialContactForm)!;
  root(scope).querySelector<HTMLInputElement>(`#site-${index}`)!.click();
  await (scope as TrialSitePicker).updateComplete;
  await el.updateComplete;
}

export async function fill(el: TrialContactForm, values: Record<string, string | boolean>): Promise<void> {
  await fillIn(root(el), values, () => el.updateComplete);
}

export function submit(el: TrialContactForm): void {
  root(el).querySelector<HTMLFormElement>('form.contact')!.requestSubmit();
}

/** Types a place into the site picker and presses Find. */
export async function findPlace(scope: TrialSitePicker, place: string): Promise<void> {
  root(scope).querySelector<HTMLInputElement>('#place')!.value = place;
  root(scope).querySelector<HTMLFormElement>('form.place')!.requestSubmit();
  await scope.updateComplete;
}

export async function clearOutbox(): Promise<void> {
  await pageOutbox().close();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('trialkit-outbox');
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });
}

/** Registers hooks that give each test no cached trial, an empty outbox and the real fetch. */
export function startEachTestClean(): void {
  beforeEach(async () => {
    clearTrialCache();
    await clearOutbox();
  });
  afterEach(async () => {
    restoreFetch();
    await clearOutbox();
  });
}

/** The reference server the browser tests run beside (see web-test-runner.config.mjs). */
export async function referenceServer(): Promise<{ url: string; adminToken: string }> {
  return (await (await realFetch('/__server__.json')).json()) as { url: string; adminToken: string };
}
