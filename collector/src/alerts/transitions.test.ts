import { describe, expect, it } from 'vitest';
import type { Finding } from './conditions';
import { conditionSchema, type AlertRuleRecord } from './rule';
import { stateKey, type AlertStateRecord } from './stateTable';
import { transitions, type RuleOutcome } from './transitions';

const rule = (id: string): AlertRuleRecord => ({
  id,
  name: `rule ${id}`,
  enabled: true,
  severity: 'warning',
  channelIds: [],
  condition: conditionSchema.parse({ kind: 'budget_threshold' }),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const finding = (subject: string, value = 1): Finding => ({ subject, value, summary: `${subject} holds`, labels: {} });

/** Runs cycles like the evaluator does, carrying the firing set from one to the next. */
function run(cycles: RuleOutcome[][]) {
  const firing = new Map<string, AlertStateRecord>();
  let n = 0;
  return cycles.map((outcomes, i) => {
    const t = transitions(firing, outcomes, new Date(i * 1000), () => `e${++n}`);
    for (const s of t.fired) firing.set(stateKey(s), s);
    for (const s of t.resolved) firing.delete(stateKey(s));
    return { fired: t.fired.map((s) => `${s.ruleId}/${s.subject}@${s.eventId}`), resolved: t.resolved.map((s) => `${s.ruleId}/${s.subject}@${s.eventId}`) };
  });
}

describe('transitions', () => {
  it('fires-once-while-the-condition-holds-and-resolves-once-when-it-ends', () => {
    const r = rule('r');
    expect(
      run([
        [{ rule: r, findings: [] }],
        [{ rule: r, findings: [finding('a')] }],
        [{ rule: r, findings: [finding('a', 2)] }],
        [{ rule: r, findings: [finding('a', 3)] }],
        [{ rule: r, findings: [] }],
        [{ rule: r, findings: [] }],
        [{ rule: r, findings: [finding('a')] }],
      ]),
    ).toEqual([
      { fired: [], resolved: [] },
      { fired: ['r/a@e1'], resolved: [] },
      { fired: [], resolved: [] },
      { fired: [], resolved: [] },
      { fired: [], resolved: ['r/a@e2'] },
      { fired: [], resolved: [] },
      { fired: ['r/a@e3'], resolved: [] },
    ]);
  });

  it('subjects-are-independent-and-fire-in-finding-order', () => {
    const r = rule('r');
    expect(
      run([
        [{ rule: r, findings: [finding('t50'), finding('t80')] }],
        [{ rule: r, findings: [finding('t50'), finding('t80'), finding('t100')] }],
        [{ rule: r, findings: [finding('t100')] }],
      ]),
    ).toEqual([
      { fired: ['r/t50@e1', 'r/t80@e2'], resolved: [] },
      { fired: ['r/t100@e3'], resolved: [] },
      { fired: [], resolved: ['r/t50@e4', 'r/t80@e5'] },
    ]);
  });

  it('a-failed-evaluation-keeps-its-alerts-as-they-are', () => {
    const r = rule('r');
    expect(run([[{ rule: r, findings: [finding('a')] }], [{ rule: r, findings: undefined }], [{ rule: r, findings: [finding('a')] }]])).toEqual([
      { fired: ['r/a@e1'], resolved: [] },
      { fired: [], resolved: [] },
      { fired: [], resolved: [] },
    ]);
  });

  it('a-disabled-or-removed-rule-resolves-its-alerts', () => {
    const r = rule('r');
    const other = rule('o');
    expect(
      run([
        [
          { rule: r, findings: [finding('a')] },
          { rule: other, findings: [finding('a')] },
        ],
        [{ rule: other, findings: [finding('a')] }],
      ]),
    ).toEqual([
      { fired: ['r/a@e1', 'o/a@e2'], resolved: [] },
      { fired: [], resolved: ['r/a@e3'] },
    ]);
  });

  it('a-resolve-keeps-the-start-time-and-records-its-own', () => {
    const r = rule('r');
    const firing = new Map<string, AlertStateRecord>();
    const first = transitions(firing, [{ rule: r, findings: [finding('a')] }], new Date(1000), () => 'e1');
    firing.set(stateKey(first.fired[0]!), first.fired[0]!);
    const second = transitions(firing, [{ rule: r, findings: [] }], new Date(5000), () => 'e2');
    expect(second.resolved[0]).toMatchObject({ status: 'resolved', startedAt: new Date(1000), changedAt: new Date(5000), eventId: 'e2', summary: 'a holds' });
  });
});
