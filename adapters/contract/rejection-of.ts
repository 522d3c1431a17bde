import { expect } from 'vitest';

/**
 * Awaits a promise that must reject and returns what it rejected with, so a case can
 * assert several things about the error. Fails the test (naming `what`) when it resolves.
 */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail(`${what} resolved, but it must reject`);
}

/** A short description of a thrown value for assertion messages. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return `${typeof value} ${String(value)}`;
}
