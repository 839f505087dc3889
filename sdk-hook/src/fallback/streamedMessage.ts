// Rebuilds, from `messages.create` stream events, what the span records of the Message: the same
// fields a non-streamed response gives, plus the time to the first chunk. Only what the span
// needs is kept, since this lives as long as the app holds the stream.

type Json = Record<string, unknown>;
const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * `message_delta` totals that replace those of `message_start` (as the SDK's tracing reads them),
 * and the billing fields the delta may carry (server tool counts are cumulative, like tokens).
 */
const DELTA_TOTALS = ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'server_tool_use', 'speed', 'inference_geo'] as const;

export class StreamedMessage {
  private message: Json | undefined;
  private usage: Json | undefined;
  private sawMessageDelta = false;
  /** performance.now() of the first content delta, the first "chunk" of output. */
  firstChunkAt: number | undefined;
  sawStop = false;
  /** Content blocks as they stream, kept only when content capture is on. */
  readonly blocks: Json[] | undefined;

  constructor(captureContent: boolean) {
    this.blocks = captureContent ? [] : undefined;
  }

  onEvent(event: unknown, arrivedAt: number): void {
    if (!isObj(event)) return;
    switch (event['type']) {
      case 'message_start': {
        const message = event['message'];
        if (!isObj(message)) return;
        this.message = { id: message['id'], model: message['model'] };
        this.usage = isObj(message['usage']) ? { ...message['usage'] } : {};
        return;
      }
      case 'message_delta': {
        if (!this.message || !this.usage) return;
        const totals = isObj(event['usage']) ? event['usage'] : {};
        this.usage['output_tokens'] = totals['output_tokens'];
        for (const name of DELTA_TOTALS) if (totals[name] != null) this.usage[name] = totals[name];
        const delta = event['delta'];
        if (isObj(delta) && delta['stop_reason'] != null) this.message['stop_reason'] = delta['stop_reason'];
        this.sawMessageDelta = true;
        return;
      }
      case 'message_stop':
        this.sawStop = true;
        return;
      case 'content_block_start':
        if (this.blocks && isObj(event['content_block'])) this.blocks.push({ ...event['content_block'] });
        return;
      case 'content_block_delta':
        this.firstChunkAt ??= arrivedAt;
        if (this.blocks) this.appendDelta(event);
        return;
    }
  }

  /** The Message as far as it got, or undefined before `message_start`. */
  get snapshot(): { message: Json; complete: boolean } | undefined {
    if (!this.message) return undefined;
    return { message: { ...this.message, usage: this.usage }, complete: this.sawMessageDelta || this.sawStop };
  }

  private appendDelta(event: Json): void {
    const block = this.blocks?.[typeof event['index'] === 'number' ? event['index'] : -1];
    const delta = event['delta'];
    if (!block || !isObj(delta)) return;
    const append = (field: string, piece: unknown) => {
      if (typeof piece === 'string') block[field] = String(block[field] ?? '') + piece;
    };
    switch (delta['type']) {
      case 'text_delta':
        return append('text', delta['text']);
      case 'thinking_delta':
        return append('thinking', delta['thinking']);
      case 'input_json_delta':
        return append('partial_json', delta['partial_json']);
    }
  }
}
