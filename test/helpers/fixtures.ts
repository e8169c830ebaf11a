/**
 * Test data. The seed trial is part of the project; the real records in ../shared/fixtures are
 * served under /__fixtures__/ when that folder exists, and tests that need them skip otherwise.
 */
const seedUrl = new URL('../fixtures/NCT06801119.json', import.meta.url);

export async function loadSeed(): Promise<Record<string, unknown>> {
  const response = await fetch(seedUrl);
  return (await response.json()) as Record<string, unknown>;
}

/** A file from ../shared/fixtures, or undefined when that folder is not there. */
export async function sharedFixture<T = unknown>(path: string): Promise<T | undefined> {
  const response = await fetch(`/__fixtures__/${path}`);
  if (!response.ok) return undefined;
  return (await response.json()) as T;
}

/** A deep copy, so a test can break a record without touching others. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
