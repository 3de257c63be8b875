package dev.dangol.merchant;

/** A merchant found by a nearest search and its distance from the searched point. */
public record NearbyMerchant(Merchant merchant, long metres) {}
