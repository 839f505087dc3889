// What other stages use from reconciliation: the alert engine's drift hook and the module.
export { driftByDayAndModel, type DayModelDrift } from './driftHook';
export { reconcileModule, type ReconcileModule, type ReconcileModuleOptions } from './module';
