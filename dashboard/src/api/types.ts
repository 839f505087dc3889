// The API's request and response types, straight from @burnrate/contract: a change on
// either side fails the other's type check. Types only; nothing of the collector is bundled.
export type * from '@burnrate/contract';
