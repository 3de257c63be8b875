package dev.dangol.merchant.internal;

/** The sync on the in-memory store. */
class MerchantFileSyncTest extends MerchantFileSyncContract {

    @Override
    MerchantStore newStore() {
        return new MemoryMerchantStore();
    }
}
