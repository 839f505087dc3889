// Reads a Dockerfile into stages of instructions (continuation lines joined), so tests can check
// what each stage does without a Docker engine.
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(path: string): Stage[] {
  const logical = readFileSync(path, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', , name] = args.split(/\s+/);
      stages.push({ from: image, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') });
    }
  }
  return stages;
}

/** The install command of the runtime (last) stage: `npm install --omit=dev … <tarball>`. */
export function runtimeInstallCommand(stages: Stage[]): string[] {
  const runtime = stages.at(-1)!;
  for (const { keyword, args } of runtime.instructions) {
    if (keyword !== 'RUN') continue;
    const install = args
      .split('&&')
      .map((part) => part.trim())
      .find((part) => /^npm (install|ci)\b/.test(part));
    if (install) return install.split(' ');
  }
  throw new Error('the runtime stage runs no npm install');
}
