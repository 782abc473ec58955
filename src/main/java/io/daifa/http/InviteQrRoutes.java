package io.daifa.http;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
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
    try {
      BitMatrix matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  SIZE,
                  SIZE,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      2));
      BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_BINARY);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode " + text, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
