// The one way the dashboard reads the API: GET, JSON, and a typed failure that says what failed.
import type { ApiError } from './types';

export class ApiFailure extends Error {
  constructor(
    readonly path: string,
    /** 0 when no answer came (the collector is down or unreachable). */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure(path, 0, 'the collector did not answer');
  }
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as ApiError).message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiFailure(path, res.status, message);
  }
  return (await res.json()) as T;
}
