package dev.dangol.merchant.internal;

/** The store contract on the in-memory store the other unit tests use. */
class MemoryMerchantStoreTest extends MerchantStoreContract {

    private final MemoryMerchantStore store = new MemoryMerchantStore();

    @Override
    MerchantStore store() {
        return store;
    }
}
