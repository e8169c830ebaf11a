import { expect, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/trial-widget/define.ts';
import type { TrialWidget } from '../../src/elements/trial-widget/trial-widget.ts';

/**
 * Two trials on one page, as a hospital's "our studies" page shows them: every landmark of
 * one widget has a name the other's does not (axe's landmark-unique rule, which runs through
 * the shadow roots), and each name keeps its visible words first.
 */

interface AxeResults {
  violations: { id: string; nodes: { target: unknown[] }[] }[];
  passes: { id: string; nodes: unknown[] }[];
}
interface Axe {
  run(context: Element, options: { runOnly: string[] }): Promise<AxeResults>;
}

async function axe(): Promise<Axe> {
  await import('axe-core/axe.min.js' as string);
  return (window as unknown as { axe: Axe }).axe;
}

async function record(id: string): Promise<Record<string, unknown>> {
  return (await (await fetch(new URL(`../fixtures/${id}.json`, import.meta.url))).json()) as Record<string, unknown>;
}

const wrappers: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.remove();
});

/** Everything a landmark can be, opened: eligibility sections, questions, what taking part involves. */
async function openEverything(widget: TrialWidget): Promise<void> {
  const sections = widget.shadowRoot!;
  await waitUntil(() => sections.querySelector('trial-contact-form')?.shadowRoot?.querySelector('form.contact'), 'the contact form did not render');
  for (const tag of ['trial-eligibility', 'trial-faq']) {
    const el = sections.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>(tag)!;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-all"]')!.click();
    await el.updateComplete;
  }
  const involvement = sections.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('trial-involvement')!;
  involvement.shadowRoot!.querySelector<HTMLButtonElement>('[part~="toggle"]')?.click();
  await involvement.updateComplete;
}

function regionNames(root: ShadowRoot): string[] {
  return [...root.querySelectorAll('[role="region"], section[aria-labelledby], form[aria-labelledby]')].map((node) =>
    (node.getAttribute('aria-labelledby') ?? '')
      .split(' ')
      .map((id) => root.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
      .join(' ')
      .trim(),
  );
}

describe('two trials on one page', () => {
  it('name every landmark apart, by the trial each belongs to', async () => {
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    wrappers.push(wrapper);
    const [seed, multi] = await Promise.all([record('NCT06801119'), record('NCT05819398')]);
    render(
      html`<trial-widget no-notes contact-endpoint="/api/contact" .study=${seed}></trial-widget>
        <trial-widget no-notes contact-endpoint="/api/contact" .study=${multi}></trial-widget>`,
      wrapper,
    );
    const [first, second] = [...wrapper.querySelectorAll<TrialWidget>('trial-widget')];
    await Promise.all([openEverything(first!), openEverything(second!)]);

    const results = await (await axe()).run(wrapper, { runOnly: ['landmark-unique'] });
    expect(results.violations.flatMap((v) => v.nodes.map((n) => JSON.stringify(n.target)))).to.deep.equal([]);
    expect(results.passes.find((p) => p.id === 'landmark-unique')?.nodes.length ?? 0).to.be.greaterThan(4);

    const contact = (widget: TrialWidget) => widget.shadowRoot!.querySelector('trial-contact-form')!.shadowRoot!;
    expect(regionNames(contact(first!))).to.include('Step 1 Get in touch with the nearest study center (NCT06801119)');
    expect(regionNames(contact(second!))).to.include('Step 2 Send a message (NCT05819398)');
    const faq = (widget: TrialWidget) => widget.shadowRoot!.querySelector('trial-faq')!.shadowRoot!;
    const firstQuestions = regionNames(faq(first!));
    expect(firstQuestions.length).to.be.greaterThan(1);
    for (const name of firstQuestions) expect(name).to.match(/\S \(NCT06801119\)$/);
    const search = contact(second!).querySelector('trial-site-picker')!.shadowRoot!.querySelector('form[role="search"]')!;
    expect(search.getAttribute('aria-label')).to.equal('Find the nearest study center (NCT05819398)');
    await expect(wrapper).to.be.accessible();
  });
});
