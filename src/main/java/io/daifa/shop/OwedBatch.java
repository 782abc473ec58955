package io.daifa.shop;

/**
 * A routed batch the shop owes the read side: its event and the sequence number it was written as.
 */
public record OwedBatch(long seqNr, ShopEvent.OrdersRouted event) {}
