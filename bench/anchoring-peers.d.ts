/** Types for the CommonJS peer the anchoring benchmark compares against (it ships none). */
declare module 'dom-anchor-text-quote' {
  export interface TextQuote {
    exact: string;
    prefix?: string;
    suffix?: string;
  }
  export function toRange(root: Node, selector: TextQuote, options?: { hint?: number }): Range | null;
  export function toTextPosition(root: Node, selector: TextQuote, options?: { hint?: number }): { start: number; end: number } | null;
  export function fromRange(root: Node, range: Range): TextQuote;
}
