// One readable sentence from a zod failure, naming each bad field, for a 400 answer.
import type { z } from 'zod';

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}
