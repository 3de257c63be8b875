package dev.dangol.settlement.internal;

/** Told what settlement and reconciliation did, for metrics. */
interface SettlementObserver {

    SettlementObserver NONE = new SettlementObserver() {};

    default void settled(SettlementRun run) {}

    default void reconciled(ReconciliationReport report) {}
}
