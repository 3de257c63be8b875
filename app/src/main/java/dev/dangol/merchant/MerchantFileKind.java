package dev.dangol.merchant;

/** What a master-data file of merchants holds. */
public enum MerchantFileKind {
    /** Every merchant the agency lists: a merchant missing from it is closed (a tombstone, never deleted). */
    FULL,
    /** Only merchants added or changed since an earlier file: a merchant missing from it is left as it is. */
    DELTA
}
