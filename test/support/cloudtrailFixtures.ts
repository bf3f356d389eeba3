import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures/cloudtrail, from the compiled out/test/... location or the sources. */
export const CLOUDTRAIL_FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cloudtrail');

export function fixtureText(name: string): string {
  return readFileSync(join(CLOUDTRAIL_FIXTURES, name), 'utf8');
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}
