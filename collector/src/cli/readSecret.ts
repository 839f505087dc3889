// Passwords are never command-line arguments (other users see those in `ps`). On a terminal
// they are typed without echo; otherwise they are read from standard input, one per line, so
// scripts can pipe them: `printf '%s\n' "$PW" | burnrate users create --username ann`.
import { createInterface } from 'node:readline';

let pipedLines: AsyncIterator<string> | undefined;

async function nextPipedLine(): Promise<string | undefined> {
  pipedLines ??= createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const { value, done } = await pipedLines.next();
  return done ? undefined : value;
}

function typedWithoutEcho(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(text);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') text = text.slice(0, -1);
        else text += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

/** A secret typed at a terminal, or the next line of piped input. */
export async function readSecret(prompt: string): Promise<string> {
  if (process.stdin.isTTY) return typedWithoutEcho(prompt);
  const line = await nextPipedLine();
  if (line === undefined) throw new Error(`${prompt.replace(/:\s*$/, '')}: nothing on standard input (pipe it in, one line)`);
  return line;
}

/** A non-secret answer: the next piped line, or a line typed at the terminal. */
export async function readLine(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await nextPipedLine()) ?? '';
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise((resolve) => rl.question(prompt, resolve));
  } finally {
    rl.close();
  }
}
