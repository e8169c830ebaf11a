/**
 * Strings that run script if any of them ever becomes markup, a URL or a template. Each sets
 * `window.__pwned`; a test puts them in every field it renders and then checks `pwned()`.
 */
export const XSS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '[click](javascript:window.__pwned=1)',
  '"><svg onload=window.__pwned=1>',
  '{{constructor.constructor("window.__pwned=1")()}}',
] as const;

/** Whether any payload ran. */
export function pwned(): boolean {
  return (window as { __pwned?: number }).__pwned !== undefined;
}

/** Forgets a payload that ran, so the next test starts clean. */
export function forgetPwned(): void {
  delete (window as { __pwned?: number }).__pwned;
}
