package io.daifa.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.money.Fen;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SharePosterTest {

  @Test
  void shouldCarryTheShopsProductLinkAsAQrCodeThatDecodes() throws Exception {
    String url = "https://shop.example/shops/shp_abc/products/prd_xyz.tea-1";
    byte[] png =
        SharePoster.png(
            new SharePoster.Content("茶馆 Tea House", "西湖龙井 明前特级 250g 礼盒装", Fen.of(25_800), url));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(SharePoster.WIDTH, image.getWidth());
    assertEquals(SharePoster.HEIGHT, image.getHeight());
    assertEquals(url, QrDecoding.decode(image));
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
