package io.daifa.supplier;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.market.ListingChange;
import io.daifa.market.ListingDraft;
import io.daifa.market.ProductId;
import io.daifa.market.SalesTally;
import io.daifa.supplier.SupplierEvent.ListingChanged;
import io.daifa.supplier.SupplierEvent.SalesTallied;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The supplier's decisions about its market listings, free of actor plumbing (SPEC §9): list,
 * change terms, delist, and publish its sales. Each answers with the event to persist, or a
 * refusal, or nothing to do; {@link SupplierEntity} persists and replies.
 */
final class SupplierListings {

  private final String supplierId;
  private final Clock clock;

  SupplierListings(String supplierId, Clock clock) {
    this.supplierId = supplierId;
    this.clock = clock;
  }

  /**
   * Lists a product. Listing the same SPU again with the same terms answers the listing as it is (a
   * retry); with other terms it is refused: terms change with an update. A delisted SPU may be
   * listed again.
   */
  Decision<SupplierEvent, Listing> list(SupplierState state, ListingDraft draft) {
    if (!state.isValidSupplier()) {
      return refused(
          ErrorCode.INVALID_SUPPLIER_ID,
          state.isRegistered()
              ? supplierId + " belongs to a shop merchant account; only suppliers list goods"
              : "no supplier has the ID " + supplierId);
    }
    Listing known = state.market().listings().get(draft.spuId());
    Instant now = state.stamp(clock);
    if (known != null && !known.delisted()) {
      return sameTerms(known, draft)
          ? Decision.answer(Outcome.done(known))
          : refused(
              ErrorCode.ALREADY_EXISTS,
              "SPU "
                  + draft.spuId()
                  + " is already listed as "
                  + known.productId()
                  + "; change its terms with PUT /v1/market/products/"
                  + known.productId());
    }
    Listing listing =
        new Listing(
            ProductId.of(supplierId, draft.spuId()),
            supplierId,
            draft.spuId(),
            draft.title(),
            draft.category(),
            draft.price(),
            draft.commissionRateBp(),
            draft.sourcePlatform(),
            draft.inStock(),
            draft.skus(),
            false,
            now,
            now);
    return Decision.persist(new ListingChanged(supplierId, listing, now), listing);
  }

  /** New terms for a listed product; the same terms again change nothing. */
  Decision<SupplierEvent, Listing> update(SupplierState state, String spuId, ListingChange change) {
    Listing known = state.market().listings().get(spuId);
    if (known == null || known.delisted()) {
      return refused(ErrorCode.NOT_FOUND, "no listed product " + ProductId.of(supplierId, spuId));
    }
    Listing next =
        known.withTerms(
            change.price() != null ? change.price() : known.price(),
            change.commissionRateBp() != null
                ? change.commissionRateBp()
                : known.commissionRateBp(),
            change.inStock() != null ? change.inStock() : known.inStock(),
            known.updatedAt());
    if (next.equals(known)) {
      return Decision.answer(Outcome.done(known));
    }
    Instant now = state.stamp(clock);
    Listing updated = next.withTerms(next.price(), next.commissionRateBp(), next.inStock(), now);
    return Decision.persist(new ListingChanged(supplierId, updated, now), updated);
  }

  /** Withdraws a product from the market; withdrawing it again changes nothing. */
  Decision<SupplierEvent, Listing> delist(SupplierState state, String spuId) {
    Listing known = state.market().listings().get(spuId);
    if (known == null) {
      return refused(ErrorCode.NOT_FOUND, "no listed product " + ProductId.of(supplierId, spuId));
    }
    if (known.delisted()) {
      return Decision.answer(Outcome.done(known));
    }
    Instant now = state.stamp(clock);
    Listing delisted = known.delistedAt(now);
    return Decision.persist(new ListingChanged(supplierId, delisted, now), delisted);
  }

  /**
   * A shop picking a listed product: remembered once (a delisted product is answered as it is, for
   * the shop to refuse, and not remembered).
   */
  Decision<SupplierEvent, Listing> recordPick(SupplierState state, String spuId, String shopId) {
    Listing listing = state.market().listings().get(spuId);
    if (listing == null) {
      return refused(ErrorCode.NOT_FOUND, "no product " + ProductId.of(supplierId, spuId));
    }
    if (listing.delisted() || state.market().pickersOf(spuId).contains(shopId)) {
      return Decision.answer(Outcome.done(listing));
    }
    return Decision.persist(
        new SupplierEvent.ListingPicked(supplierId, spuId, shopId, state.stamp(clock)), listing);
  }

  /** The sales figures that changed since they were last published, or null when none did. */
  SalesTallied tally(SupplierState state) {
    Instant now = state.stamp(clock);
    Map<String, Long> changed = state.market().unpublished(SalesTally.dayOf(now));
    if (changed.isEmpty()) {
      return null;
    }
    Map<String, SalesTally.Days> days = new HashMap<>();
    for (String spuId : changed.keySet()) {
      SalesTally.Days slots = state.market().sales().daysOf(spuId);
      if (slots != null) {
        days.put(spuId, slots);
      }
    }
    return new SalesTallied(supplierId, changed, days, now);
  }

  /** A listing as it is (a delisted one too). */
  Outcome<Listing> get(SupplierState state, String spuId) {
    Listing listing = state.market().listings().get(spuId);
    return listing == null
        ? Outcome.refused(
            ErrorCode.NOT_FOUND, "no product " + ProductId.of(supplierId, spuId) + " in the market")
        : Outcome.done(listing);
  }

  /** The supplier's GMV and units of a Shanghai month. */
  Outcome<SupplierStats> stats(SupplierState state, String month) {
    return state.isRegistered()
        ? Outcome.done(SupplierStats.of(supplierId, month, state.market()))
        : SupplierCommands.unknownSupplier();
  }

  private static boolean sameTerms(Listing known, ListingDraft draft) {
    return known.title().equals(draft.title())
        && known.category().equals(draft.category())
        && known.price().equals(draft.price())
        && known.commissionRateBp().equals(draft.commissionRateBp())
        && known.sourcePlatform().equals(draft.sourcePlatform())
        && known.inStock() == draft.inStock()
        && known.skus().equals(draft.skus());
  }

  private static <R> Decision<SupplierEvent, R> refused(ErrorCode code, String detail) {
    return Decision.answer(Outcome.refused(code, detail));
  }
}
