import { expect } from '@open-wc/testing';
import { defineElement } from './define.ts';

function captureWarnings(): { messages: unknown[][]; restore(): void } {
  const original = console.warn;
  const messages: unknown[][] = [];
  console.warn = (...args: unknown[]) => messages.push(args);
  return { messages, restore: () => (console.warn = original) };
}

describe('defineElement', () => {
  afterEach(() => delete (globalThis as Record<symbol, unknown>)[Symbol.for('trialkit.duplicate-warning')]);

  it('defines a new tag', () => {
    class First extends HTMLElement {}
    defineElement('test-define-first', First);
    expect(customElements.get('test-define-first')).to.equal(First);
  });

  it('warns once, never throws, when another copy defines the same tags again', () => {
    class A extends HTMLElement {}
    class B extends HTMLElement {}
    class C extends HTMLElement {}
    class D extends HTMLElement {}
    defineElement('test-define-a', A);
    defineElement('test-define-b', D);
    const warnings = captureWarnings();
    try {
      expect(() => defineElement('test-define-a', B)).not.to.throw();
      expect(() => defineElement('test-define-b', C)).not.to.throw();
      defineElement('test-define-a', A);
    } finally {
      warnings.restore();
    }
    expect(warnings.messages).to.have.length(1);
    expect(String(warnings.messages[0]![0])).to.match(/<test-define-a> is already defined/);
    expect(customElements.get('test-define-a')).to.equal(A);
  });
});
