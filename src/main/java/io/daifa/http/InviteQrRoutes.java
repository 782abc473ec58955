package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.QrCodes;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/invites/{token}/qr.png}: the invite link as a QR code, for the shop it is from.
 */
final class InviteQrRoutes extends RouteSupport {

  private static final int SIZE = 320;

  private final BindingRoutes binding;

  InviteQrRoutes(Authenticator authenticator, Entities entities, BindingRoutes binding) {
    super(authenticator, entities);
    this.binding = binding;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1").slash("invites").slash(PathMatchers.segment()).slash("qr.png"),
        token -> get(() -> qr(token)));
  }

  private Route qr(String token) {
    String shopId = InviteToken.shopOf(token);
    return authorized(
        p -> shopId != null && p.owns(Principal.Role.SHOP, shopId),
        p ->
            respond(
                entities
                    .<ShopView>shop(shopId, ShopCommand.GetView::new)
                    .thenApply(
                        state ->
                            state.invites().get(token) == null
                                ? Responses.problem(
                                    Problem.of(ErrorCode.INVITE_UNKNOWN, "no such invite", null))
                                : HttpResponse.create()
                                    .withEntity(
                                        ContentTypes.create(
                                            org.apache.pekko.http.javadsl.model.MediaTypes
                                                .IMAGE_PNG),
                                        png(binding.inviteUrl(token))))));
  }

  static byte[] png(String text) {
    return QrCodes.png(QrCodes.image(text, SIZE));
  }
}
