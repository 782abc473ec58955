package io.daifa.market;

import io.daifa.money.Fen;

/** One variant of a listed product, at its own price. */
public record ListingSku(String skuId, Fen price) {}
