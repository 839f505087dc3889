// Laminar: its captures are read as this convention, one call per scenario.
import { describe, expect, it } from 'vitest';
import { capturesOf } from '../../../../../test/support/conventionExports';
import { conventionNamed } from '../registry';

const convention = conventionNamed('laminar');

describe('convention laminar', () => {
  const captures = capturesOf(convention);
  it.skipIf(captures.length === 0).each(captures)('$name: one call, read as ' + convention.instrumentation, ({ batch }) => {
    expect(batch.rejected).toEqual([]);
    expect(batch.calls.map((call) => call.instrumentation)).toEqual([convention.instrumentation]);
  });
});
