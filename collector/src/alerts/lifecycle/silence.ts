// Silences: "don't notify about this until then, because …". A silenced alert still fires,
// resolves and is kept in the history (marked with the silence), it is only not sent; and the
// resolve of an alert whose firing was not sent is not sent either, so nobody is told that
// something they never heard of is over.
import { z } from 'zod';

export interface SilenceRecord {
  id: string;
  /** '' matches every rule. */
  ruleId: string;
  /** '' matches every subject of the rule(s). */
  subject: string;
  endsAt: Date;
  reason: string;
  createdBy: string;
  createdAt: Date;
}

const MAX_SILENCE_MS = 90 * 86_400_000;

export const silenceInputSchema = (now: Date) =>
  z
    .object({
      ruleId: z.string().trim().max(100).default(''),
      subject: z.string().trim().max(300).default(''),
      endsAt: z.iso
        .datetime({ offset: true })
        .transform((s) => new Date(s))
        .refine((d) => d.getTime() > now.getTime(), { message: 'must be in the future' })
        .refine((d) => d.getTime() - now.getTime() <= MAX_SILENCE_MS, { message: 'at most 90 days ahead; silence again when it ends' }),
      reason: z.string().trim().min(1, { message: 'say why, for whoever is on call next' }).max(500),
    })
    .strict();

export type ValidSilenceInput = z.infer<ReturnType<typeof silenceInputSchema>>;

export function matchingSilence(silences: readonly SilenceRecord[], alert: { ruleId: string; subject: string }, now: Date): SilenceRecord | undefined {
  return silences.find((s) => s.endsAt > now && (s.ruleId === '' || s.ruleId === alert.ruleId) && (s.subject === '' || s.subject === alert.subject));
}

/** The label a firing carries when a silence kept it from being sent (its resolve carries it too). */
export const SILENCED_LABEL = 'silenced_by';
