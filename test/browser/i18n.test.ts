import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { loadSeed } from '../helpers/fixtures.ts';
import { activeLocale, formatLocale, supportedLocale } from '../../src/internal/localize.ts';
import { numberLabel, partialDateLabel } from '../../src/internal/trial-labels.ts';
import '../../src/elements/trial-card/define.ts';
import type { TrialCard } from '../../src/elements/trial-card/trial-card.ts';
import { shadowText } from '../helpers/dom.ts';

function statusBadge(el: HTMLElement): string {
  return (el.shadowRoot!.querySelector('[part~="status"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function seedCard(template = html`<trial-card></trial-card>`): Promise<TrialCard> {
  const el = await fixture<TrialCard>(template);
  el.study = await loadSeed();
  await waitUntil(() => el.shadowRoot!.querySelector('article'), 'card did not render');
  return el;
}

async function shows(el: HTMLElement, words: string): Promise<void> {
  await waitUntil(() => shadowText(el).includes(words), `"${words}" never appeared; text: ${shadowText(el).slice(0, 300)}`);
}

describe('languages', () => {
  const pageLang = document.documentElement.getAttribute('lang');

  afterEach(async () => {
    if (pageLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', pageLang);
    await waitUntil(() => activeLocale() === 'en', 'the page did not return to English');
  });

  it('maps language tags onto the three languages', () => {
    expect(supportedLocale('es')).to.equal('es');
    expect(supportedLocale('es-MX')).to.equal('es');
    expect(supportedLocale('ES_419')).to.equal('es');
    expect(supportedLocale('zh')).to.equal('zh-Hans');
    expect(supportedLocale('zh-CN')).to.equal('zh-Hans');
    expect(supportedLocale('zh-Hans-CN')).to.equal('zh-Hans');
    expect(supportedLocale('zh-TW')).to.equal('en');
    expect(supportedLocale('zh-Hant')).to.equal('en');
    expect(supportedLocale('fr')).to.equal('en');
    expect(supportedLocale('estonian')).to.equal('en');
    expect(supportedLocale('')).to.equal('en');
    expect(supportedLocale(undefined)).to.equal('en');
  });

  it('follows <html lang> when it changes', async () => {
    const el = await seedCard();
    expect(statusBadge(el)).to.contain('Recruiting');
    await shows(el, 'Last updated Aug 28, 2025.');

    document.documentElement.lang = 'es';
    await shows(el, 'Reclutando');
    await shows(el, 'Edad: 18–69 años');
    await shows(el, 'Sexo: Todos');
    await shows(el, 'Última actualización: 28 ago 2025.');
    expect(el.shadowRoot!.querySelector('[part~="badges"]')!.getAttribute('aria-label')).to.equal('Datos clave');
    await expect(el).to.be.accessible();

    document.documentElement.lang = 'zh-CN';
    await shows(el, '正在招募');
    await shows(el, '年龄：18–69 岁');
    await shows(el, '最后更新：2025年8月28日。');
    expect(formatLocale()).to.equal('zh-CN');
    await expect(el).to.be.accessible();

    document.documentElement.lang = 'fr';
    await shows(el, 'Recruiting');
    await shows(el, 'Ages 18–69 years');
  });

  it('lets an element lang override the page, and gives the page back when it is removed', async () => {
    document.documentElement.lang = 'en';
    const el = await seedCard(html`<trial-card lang="zh-Hans"></trial-card>`);
    await shows(el, '正在招募');
    expect(activeLocale()).to.equal('zh-Hans');

    el.lang = 'es';
    await shows(el, 'Reclutando');

    el.removeAttribute('lang');
    await shows(el, 'Recruiting');
    expect(activeLocale()).to.equal('en');
  });

  it('reads the nearest ancestor lang, through shadow roots', async () => {
    // Built by hand: open-wc's fixture waits for an animation frame for plain elements, which a
    // background test page may never get.
    const wrapper = document.createElement('div');
    wrapper.lang = 'es-MX';
    document.body.append(wrapper);
    const inner = document.createElement('div');
    wrapper.append(inner);
    const root = inner.attachShadow({ mode: 'open' });
    const card = document.createElement('trial-card');
    root.append(card);
    card.study = await loadSeed();
    await shows(card, 'Reclutando');
    expect(formatLocale()).to.equal('es-MX');
    wrapper.remove();
    await waitUntil(() => activeLocale() === 'en', 'removing the element did not give the page back');
  });

  it('lets the lang set last win across elements: one language per page', async () => {
    const first = await seedCard(html`<trial-card lang="es"></trial-card>`);
    await shows(first, 'Reclutando');
    const second = await seedCard(html`<trial-card lang="zh-Hans"></trial-card>`);
    await shows(first, '正在招募');
    await shows(second, '正在招募');

    first.lang = 'es';
    await shows(second, 'Reclutando');

    // The page language is only the default while an element asks for another one.
    document.documentElement.lang = 'zh-Hans';
    await new Promise((r) => setTimeout(r, 50));
    expect(activeLocale()).to.equal('es');

    first.remove();
    await shows(second, '正在招募');
    second.remove();
    await waitUntil(() => activeLocale() === 'zh-Hans');
  });

  it('formats dates and numbers with Intl in the active language', async () => {
    expect(partialDateLabel('2025-08-28', 'en')).to.equal('Aug 28, 2025');
    expect(partialDateLabel('2025-08', 'es')).to.equal('agosto de 2025');
    expect(partialDateLabel('2025', 'zh-Hans')).to.equal('2025年');
    expect(numberLabel(12345.5, 'es')).to.equal('12.345,5');
    expect(numberLabel(1234.5, 'zh-Hans')).to.equal('1,234.5');

    document.documentElement.lang = 'es';
    await waitUntil(() => activeLocale() === 'es');
    expect(partialDateLabel('2025-08-28')).to.equal('28 ago 2025');
    expect(numberLabel(1.5)).to.equal('1,5');
    expect(formatLocale()).to.equal('es');
  });
});
