// Reads a request body under two limits: the bytes on the wire and, for gzip, the bytes after
// decompression, so a small gzip bomb is refused before it fills memory.
import type { Request } from 'express';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from './errors';

const gunzipAsync = promisify(gunzip);

export interface BodyLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
}

function readRaw(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, 'too_large', `body of ${declared} bytes is over the limit of ${maxBytes} bytes; send smaller batches`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new HttpError(413, 'too_large', `body is over the limit of ${maxBytes} bytes; send smaller batches`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('aborted', () => reject(new HttpError(400, 'bad_request', 'the client closed the connection before the body was complete')));
  });
}

export async function readBody(req: Request, limits: BodyLimits): Promise<Buffer> {
  const raw = await readRaw(req, limits.maxBodyBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toString().toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip') {
    throw new HttpError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not supported; use gzip or none`);
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new HttpError(413, 'too_large', `body decompresses to more than ${limits.maxDecompressedBytes} bytes; send smaller batches`);
    }
    throw new HttpError(400, 'bad_request', `body is not valid gzip: ${(error as Error).message}`);
  }
}
