import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { created, referenceServer, restoreFetch, stubPosts } from '../../../test/helpers/contact.ts';
import { fillIn, nextEvent, root, text } from '../../../test/helpers/dom.ts';
import './define.ts';
import type { TrialNotifySignup } from './trial-notify-signup.ts';

async function signup(template = html`<trial-notify-signup endpoint="/api/notify" trial-id="NCT05819398" email="ann@example.org" .conditions=${['Eczema']}></trial-notify-signup>`) {
  const el = await fixture<TrialNotifySignup>(template);
  await el.updateComplete;
  return el;
}

const send = (el: TrialNotifySignup) => root(el).querySelector('form')!.requestSubmit();

describe('trial-notify-signup', () => {
  afterEach(() => restoreFetch());

  it('renders nothing without an endpoint', async () => {
    const el = await signup(html`<trial-notify-signup></trial-notify-signup>`);
    expect(root(el).querySelector('form')).to.not.exist;
  });

  it('needs its own consent, then posts once with an Idempotency-Key', async () => {
    const calls = stubPosts(() => created('n1'));
    const el = await signup();
    expect(text(el)).to.contain('Would you like to be notified about other trials?');
    expect(root(el).querySelector<HTMLInputElement>('#notify-email')!.value).to.equal('ann@example.org');
    await expect(el).to.be.accessible();

    const invalid = nextEvent(el, 'trial-notify-error');
    send(el);
    expect((await invalid).kind).to.equal('invalid');
    await el.updateComplete;
    expect(text(el)).to.contain('Tick the box to agree before signing up');
    await expect(el).to.be.accessible();

    await fillIn(root(el), { 'notify-consent': true }, () => el.updateComplete);
    const success = oneEvent(el, 'trial-notify-success');
    send(el);
    await success;
    await waitUntil(() => text(el).includes('You are signed up.'));
    expect(calls).to.have.length(1);
    expect(calls[0]!.body).to.include({ email: 'ann@example.org', consent: true, trialId: 'NCT05819398' });
    expect(calls[0]!.body.conditions).to.deep.equal(['Eczema']);
    expect((calls[0]!.init.headers as Record<string, string>)['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('says so when the sign-up cannot be sent, and keeps the address', async () => {
    stubPosts(() => new Response('{}', { status: 400 }));
    const el = await signup();
    await fillIn(root(el), { 'notify-email': 'sam@example.org', 'notify-consent': true }, () => el.updateComplete);
    const failed = nextEvent(el, 'trial-notify-error');
    send(el);
    const event = await failed;
    expect([event.kind, event.status]).to.deep.equal(['failed', 400]);
    // Listeners written against 0.1 read `detail`; it stays a view of the same fields.
    expect(event.detail).to.deep.equal({ kind: 'failed', status: 400 });
    await el.updateComplete;
    expect(text(el)).to.contain('The sign-up could not be sent. Please try again later.');
    expect(root(el).querySelector<HTMLInputElement>('#notify-email')!.value).to.equal('sam@example.org');
  });

  it('signs up with the real reference server', async () => {
    const { url } = await referenceServer();
    const el = await signup(html`<trial-notify-signup endpoint="${url}/api/notify" email="notify-${Date.now()}@example.org"></trial-notify-signup>`);
    await fillIn(root(el), { 'notify-consent': true }, () => el.updateComplete);
    const success = oneEvent(el, 'trial-notify-success');
    send(el);
    await success;
  });
});
