// The API's request and response types, straight from the collector's contract: a change on
// either side fails the other's type check. Types only; nothing of the collector is bundled.
export type * from '../../../collector/src/api/contract';
