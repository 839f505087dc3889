// The heart of "fire once, resolve once": compare what holds now with what is already firing.
// A subject that starts holding fires; a firing subject that stops holding (or whose rule was
// disabled or removed) resolves; anything else, including a rule whose evaluation failed this
// time, changes nothing and sends nothing.
import type { AlertRuleRecord } from './rule';
import type { Finding } from './conditions';
import { stateKey, type AlertStateRecord } from './stateTable';

export interface RuleOutcome {
  rule: AlertRuleRecord;
  /** undefined: the condition could not be evaluated this time, so its alerts stay as they are. */
  findings: Finding[] | undefined;
}

export interface Transitions {
  fired: AlertStateRecord[];
  resolved: AlertStateRecord[];
}

export function transitions(firing: ReadonlyMap<string, AlertStateRecord>, outcomes: readonly RuleOutcome[], now: Date, newId: () => string): Transitions {
  const fired: AlertStateRecord[] = [];
  const holding = new Set<string>();
  const evaluated = new Map<string, RuleOutcome>();
  for (const outcome of outcomes) {
    evaluated.set(outcome.rule.id, outcome);
    for (const finding of outcome.findings ?? []) {
      const key = stateKey({ ruleId: outcome.rule.id, subject: finding.subject });
      if (holding.has(key)) continue;
      holding.add(key);
      if (firing.has(key)) continue;
      fired.push({
        ruleId: outcome.rule.id,
        ruleName: outcome.rule.name,
        ruleKind: outcome.rule.condition.kind,
        severity: outcome.rule.severity,
        subject: finding.subject,
        status: 'firing',
        startedAt: now,
        changedAt: now,
        value: finding.value,
        summary: finding.summary,
        labels: finding.labels,
        eventId: newId(),
      });
    }
  }
  const resolved: AlertStateRecord[] = [];
  for (const [key, state] of firing) {
    const outcome = evaluated.get(state.ruleId);
    if (outcome && outcome.findings === undefined) continue;
    if (outcome && holding.has(key)) continue;
    resolved.push({ ...state, status: 'resolved', changedAt: now, eventId: newId() });
  }
  return { fired, resolved };
}
