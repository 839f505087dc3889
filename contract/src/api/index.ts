// The API's request and response types, one file per domain, and the lists their parameters take
// (what the dashboard, the CLI and the collector's routes and stores agree on). The dashboard
// imports these as types, so a change on one side fails the other's type check.
export * from './common';
export * from './query';
export * from './budgets';
export * from './alerts';
export * from './reconciliation';
export * from './auth';
export * from './billing';
export * from './rollupVerify';
export * from './ingestHealth';
export type * from './limits';
