package io.daifa.supplier;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.Outcome;
import io.daifa.supplier.SupplierEvent.BindingRequestApproved;
import io.daifa.supplier.SupplierEvent.BindingRequestReceived;
import io.daifa.supplier.SupplierEvent.BindingRequestRejected;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The supplier's side of binding (SPEC §2), free of actor plumbing: only a valid supplier ID binds;
 * a shop's application waits for this supplier's decision, which is given once (a repeat of it
 * answers the same, the other decision is refused). {@link SupplierEntity} persists, answers, and
 * sends an approval's notice to the shop.
 */
final class SupplierBindings {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String supplierId;
  private final Clock clock;

  /** A new binding request's ID: random, so that no two nodes hand out the same one. */
  static String randomRequestId() {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "req_" + HexFormat.of().formatHex(random);
  }

  SupplierBindings(String supplierId, Clock clock) {
    this.supplierId = supplierId;
    this.clock = clock;
  }

  /**
   * The shop whose invite {@code token} is, for the entity to pass the acceptance on to; or why
   * this supplier cannot accept it.
   */
  Outcome<String> inviteShop(SupplierState state, String token) {
    if (!state.isValidSupplier()) {
      return invalidSupplierId(state);
    }
    String shopId = InviteToken.shopOf(token);
    return shopId == null
        ? Outcome.refused(ErrorCode.INVITE_UNKNOWN, "not an invite token")
        : Outcome.done(shopId);
  }

  /** A shop's application, under {@code newRequestId} unless one of the shop's is pending. */
  Decision<SupplierEvent, BindingRequest> request(
      SupplierState state, String shopId, String newRequestId) {
    if (!state.isValidSupplier()) {
      return Decision.answer(invalidSupplierId(state));
    }
    BindingRequest pending = state.pendingRequestOf(shopId);
    if (pending != null) {
      return Decision.answer(Outcome.done(pending));
    }
    Instant at = state.stamp(clock);
    return Decision.persist(
        new BindingRequestReceived(supplierId, newRequestId, shopId, at),
        new BindingRequest(newRequestId, shopId, BindingRequest.Status.PENDING, at));
  }

  Decision<SupplierEvent, BindingRequest> decide(
      SupplierState state, String requestId, boolean approve) {
    BindingRequest request = state.requests().get(requestId);
    if (request == null) {
      return Decision.answer(
          Outcome.refused(ErrorCode.NOT_FOUND, "no binding request " + requestId));
    }
    if (request.status() != BindingRequest.Status.PENDING) {
      boolean same = (request.status() == BindingRequest.Status.APPROVED) == approve;
      return Decision.answer(
          same
              ? Outcome.done(request)
              : Outcome.refused(
                  ErrorCode.ILLEGAL_TRANSITION, "the request is already " + request.status()));
    }
    Instant at = state.stamp(clock);
    return approve
        ? Decision.persist(
            new BindingRequestApproved(
                supplierId, requestId, request.shopId(), state.nextNoticeId(), at),
            request.withStatus(BindingRequest.Status.APPROVED))
        : Decision.persist(
            new BindingRequestRejected(supplierId, requestId, request.shopId(), at),
            request.withStatus(BindingRequest.Status.REJECTED));
  }

  private <T> Outcome<T> invalidSupplierId(SupplierState state) {
    String detail =
        state.isRegistered()
            ? supplierId
                + " belongs to a shop merchant account; register as a supplier to receive a"
                + " supplier ID"
            : "no supplier has the ID " + supplierId;
    return Outcome.refused(ErrorCode.INVALID_SUPPLIER_ID, detail);
  }
}
