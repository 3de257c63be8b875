package dev.dangol.merchant;

import dev.dangol.shared.ProgramId;

/**
 * The merchants nearest a point, nearest first, with no radius: nationwide if need be.
 *
 * @param limit merchants per page, 1 to {@value #LIMIT_MAX}
 * @param offset merchants to skip (paging), 0 to {@value #OFFSET_MAX}
 * @param program only merchants eligible for this program, or null
 * @param industry only this industry, or null
 * @param activeOnly only merchants accepting vouchers now
 * @param nameText only merchants whose Korean or romanised name contains this text (case-insensitive), or null
 */
public record NearestQuery(
        GeoPoint from,
        int limit,
        int offset,
        ProgramId program,
        Industry industry,
        boolean activeOnly,
        String nameText) {

    public static final int LIMIT_MAX = 100;
    public static final int OFFSET_MAX = 1_000;

    public NearestQuery {
        if (from == null) {
            throw new IllegalArgumentException("a nearest search needs a point");
        }
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LIMIT_MAX);
        }
        if (offset < 0 || offset > OFFSET_MAX) {
            throw new IllegalArgumentException("offset must be 0 to " + OFFSET_MAX);
        }
        if (nameText != null && (nameText.isBlank() || nameText.length() > 50)) {
            throw new IllegalArgumentException("name text must be 1 to 50 characters");
        }
    }

    public static NearestQuery nearest(GeoPoint from, int limit) {
        return new NearestQuery(from, limit, 0, null, null, true, null);
    }
}
