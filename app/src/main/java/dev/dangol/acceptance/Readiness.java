package dev.dangol.acceptance;

/** The readiness report operators check before a launch or a change of operator. */
public interface Readiness {

    /** Walks every merchant and every issued code, in bounded pages. */
    ReadinessReport report();
}
