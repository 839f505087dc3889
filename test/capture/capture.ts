// `npm run capture`: records the OTLP fixtures the tests read. For each job (jobs.ts) it installs
// the instrumentation's real packages from npm into a scratch app outside the workspace, runs the
// driver there against the scripted API (scriptedApi.ts) once per OTLP encoding, and writes each
// scenario's export beside the truth of what the API returned (scenarios.ts).
//   npm run capture                 all jobs
//   npm run capture -- vercel-ai    only the jobs whose suite matches
// CAPTURE_SCRATCH=<dir> keeps and reuses the scratch apps there (otherwise a temp dir, removed).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { joined, PROTOCOLS, type Protocol } from './exportFiles';
import { BASE_PACKAGES, CURRENT_SDK, JOBS, type CaptureJob } from './jobs';
import { startOtlpSink, type Export } from './otlpSink';
import { SCENARIOS } from './scenarios';
import { startScriptedApi, type ScriptedApi } from './scriptedApi';
import { conformanceTruth, corpusTruth } from './truth';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FIXTURES = join(HERE, '..', 'fixtures');

function scratchApp(root: string, job: CaptureJob): string {
  const packages = [job.sdk ?? CURRENT_SDK, ...BASE_PACKAGES, ...job.packages];
  const dir = join(root, job.setup);
  const manifest = join(dir, 'package.json');
  const wanted = JSON.stringify({ name: `burnrate-capture-${job.setup}`, private: true, type: 'module', capture: packages });
  if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== wanted) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(manifest, wanted);
    console.log(`capture: installing ${packages.join(' ')} in ${dir}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...packages], { cwd: dir, stdio: 'inherit' });
  }
  cpSync(join(HERE, 'driver'), dir, { recursive: true });
  return dir;
}

/** The versions npm actually installed, for the truth file and the README's table (aliased helpers, `name@npm:…`, left out). */
function installedVersions(dir: string, job: CaptureJob): Record<string, string> {
  const names = ['@anthropic-ai/sdk', ...job.packages.filter((p) => !p.includes('@npm:')).map((p) => p.slice(0, p.lastIndexOf('@')))];
  return Object.fromEntries(names.map((name) => [name, JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version]));
}

async function runDriver(dir: string, job: CaptureJob, protocol: Protocol, api: ScriptedApi): Promise<Map<string, Export[]>> {
  const sink = await startOtlpSink();
  api.reset();
  try {
    const env = {
      ...process.env,
      CAPTURE_API_URL: api.url,
      CAPTURE_OTLP_URL: sink.url,
      CAPTURE_PROTOCOL: protocol,
      CAPTURE_SETUP: job.setup,
      CAPTURE_SCENARIOS: JSON.stringify(job.scenarios.map((name) => SCENARIOS[name])),
      ANTHROPIC_OPEN_TELEMETRY: job.nativeTracing ? 'true' : 'false',
    };
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['run.mjs'], { cwd: dir, env, stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`driver for ${job.suite} (${protocol}) exited ${code}`))));
    });
    checkAnswers(job, api);
    return sink.byScenario;
  } finally {
    await sink.close();
  }
}

/** The client must have made exactly the scripted attempts, or the truth is not what it saw. */
function checkAnswers(job: CaptureJob, api: ScriptedApi): void {
  for (const name of job.scenarios) {
    const made = api.answered.filter((a) => a.scenario === name).map((a) => a.status);
    const scripted = SCENARIOS[name]!.steps.map((s) => s.status);
    if (JSON.stringify(made) !== JSON.stringify(scripted)) {
      throw new Error(`${job.suite}/${name}: the client made attempts ${JSON.stringify(made)}, the script has ${JSON.stringify(scripted)}`);
    }
  }
}

async function captureJob(root: string, job: CaptureJob, api: ScriptedApi): Promise<void> {
  const dir = scratchApp(root, job);
  const versions = installedVersions(dir, job);
  const outDir = job.kind === 'corpus' ? join(FIXTURES, 'otlp') : join(FIXTURES, 'conformance', job.suite);
  mkdirSync(outDir, { recursive: true });
  for (const protocol of Object.keys(PROTOCOLS) as Protocol[]) {
    const byScenario = await runDriver(dir, job, protocol, api);
    for (const name of job.scenarios) {
      const base = job.kind === 'corpus' ? `${job.suite}-${name}` : name;
      writeFileSync(join(outDir, `${base}.${PROTOCOLS[protocol]}`), joined(byScenario.get(name) ?? [], protocol));
      if (job.kind === 'corpus') writeFileSync(join(outDir, `${base}.truth.json`), `${JSON.stringify(corpusTruth(job, name, versions), null, 2)}\n`);
    }
  }
  if (job.kind === 'conformance') writeFileSync(join(outDir, 'truth.json'), `${JSON.stringify(conformanceTruth(job, versions), null, 2)}\n`);
  console.log(
    `capture: ${job.kind} ${job.suite} (${Object.entries(versions)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')}) → ${outDir}`,
  );
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const jobs = only.length > 0 ? JOBS.filter((job) => only.includes(job.suite)) : JOBS;
  const keep = process.env.CAPTURE_SCRATCH;
  const root = keep ?? mkdtempSync(join(tmpdir(), 'burnrate-capture-'));
  const api = await startScriptedApi();
  try {
    for (const job of jobs) await captureJob(root, job, api);
  } finally {
    await api.close();
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

await main();
