package io.daifa.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.daifa.money.Fen;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SharePosterTest {

  /** An image's grey levels, as ZXing's decoder reads them (its javase module is not needed). */
  static LuminanceSource luminance(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] grey = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int level =
            (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
        grey[y * width + x] = (byte) level;
      }
    }
    return new LuminanceSource(width, height) {
      @Override
      public byte[] getRow(int y, byte[] row) {
        byte[] out = row != null && row.length >= width ? row : new byte[width];
        System.arraycopy(grey, y * width, out, 0, width);
        return out;
      }

      @Override
      public byte[] getMatrix() {
        return grey;
      }
    };
  }

  @Test
  void shouldCarryTheShopsProductLinkAsAQrCodeThatDecodes() throws Exception {
    String url = "https://shop.example/shops/shp_abc/products/prd_xyz.tea-1";
    byte[] png =
        SharePoster.png(
            new SharePoster.Content("茶馆 Tea House", "西湖龙井 明前特级 250g 礼盒装", Fen.of(25_800), url));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(SharePoster.WIDTH, image.getWidth());
    assertEquals(SharePoster.HEIGHT, image.getHeight());
    Result decoded =
        new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance(image))));
    assertEquals(url, decoded.getText());
  }

  @Test
  void shouldDrawChineseWithTheShippedFontAndTheBuyersPriceInYuan() throws Exception {
    java.awt.Font font =
        java.awt.Font.createFont(
            java.awt.Font.TRUETYPE_FONT,
            SharePoster.class.getResourceAsStream("/fonts/NotoSansSC-Regular-GB2312.ttf"));
    assertEquals(-1, font.canDisplayUpTo("西湖龙井 明前特级 到手价 ¥258.00 长按识别小程序码，进店购买"));
    assertEquals("258.00", SharePoster.yuan(Fen.of(25_800)));
    assertEquals("0.05", SharePoster.yuan(Fen.of(5)));
  }

  @Test
  void shouldWrapALongTitleAndEndItWithAnEllipsis() {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, 20));
    var lines = SharePoster.wrap(g, "x".repeat(500), 200, 3);
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).endsWith("…"), lines.get(2));
    assertEquals(java.util.List.of("short"), SharePoster.wrap(g, "short", 200, 3));
  }
}
