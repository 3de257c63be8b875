package dev.dangol.acceptance.internal;

/** What scanning reports to metrics. */
interface ScanObserver {

    /** A scan ended in this outcome (the result's simple class name). */
    void scanned(String outcome);

    /** A code led to no merchant and operators were alerted. */
    void alerted();

    ScanObserver NONE = new ScanObserver() {
        @Override
        public void scanned(String outcome) {}

        @Override
        public void alerted() {}
    };
}
