package io.daifa.market;

import io.daifa.common.QrCodes;
import io.daifa.money.Fen;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The picture a shop shares of a picked product (SPEC §9, decided: a PNG): the product's title and
 * the price the buyer pays, and the shop's mini-program code — here a QR code of the shop's product
 * link. The commission is the shop's business and is not on it. Chinese is drawn with the Noto Sans
 * SC subset the project ships ({@code /fonts}), since a fresh machine has no CJK font.
 */
public final class SharePoster {

  public static final int WIDTH = 600;
  public static final int HEIGHT = 900;
  static final int QR_SIZE = 300;
  private static final int MARGIN = 40;
  private static final int MAX_TITLE_LINES = 3;

  private static final Font BASE = loadFont();

  private SharePoster() {}

  /** What the poster shows. */
  public record Content(String shopName, String title, Fen price, String productUrl) {}

  public static byte[] png(Content content) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(new Color(0x07, 0xC1, 0x60));
      g.fillRect(0, 0, WIDTH, 90);
      g.setColor(Color.WHITE);
      g.setFont(BASE.deriveFont(Font.PLAIN, 30f));
      drawLine(g, fit(g, content.shopName(), WIDTH - 2 * MARGIN), MARGIN, 57);

      g.setColor(new Color(0x1F, 0x1F, 0x1F));
      g.setFont(BASE.deriveFont(Font.PLAIN, 34f));
      int y = 160;
      for (String line : wrap(g, content.title(), WIDTH - 2 * MARGIN, MAX_TITLE_LINES)) {
        drawLine(g, line, MARGIN, y);
        y += 48;
      }

      g.setColor(new Color(0xFA, 0x51, 0x51));
      g.setFont(BASE.deriveFont(Font.PLAIN, 26f));
      drawLine(g, "到手价", MARGIN, 350);
      g.setFont(BASE.deriveFont(Font.PLAIN, 56f));
      drawLine(g, "¥" + yuan(content.price()), MARGIN + 90, 352);

      int qrX = (WIDTH - QR_SIZE) / 2;
      int qrY = 430;
      g.drawImage(QrCodes.image(content.productUrl(), QR_SIZE), qrX, qrY, null);
      g.setColor(new Color(0x80, 0x80, 0x80));
      g.setFont(BASE.deriveFont(Font.PLAIN, 24f));
      String caption = "长按识别小程序码，进店购买";
      FontMetrics metrics = g.getFontMetrics();
      drawLine(g, caption, (WIDTH - metrics.stringWidth(caption)) / 2, qrY + QR_SIZE + 50);
    } finally {
      g.dispose();
    }
    return QrCodes.png(image);
  }

  /** Fen as yuan with two decimals: 9900 → "99.00". */
  static String yuan(Fen price) {
    long fen = price.value();
    return (fen / 100) + "." + String.format("%02d", fen % 100);
  }

  private static void drawLine(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x, y);
  }

  /** {@code text} cut to {@code width}, with an ellipsis when cut. */
  private static String fit(Graphics2D g, String text, int width) {
    List<String> lines = wrap(g, text, width, 1);
    return lines.isEmpty() ? "" : lines.get(0);
  }

  /**
   * {@code text} in lines of at most {@code width} pixels, broken at any character (Chinese has no
   * spaces to break at); the last of {@code maxLines} ends with an ellipsis when text is left.
   */
  static List<String> wrap(Graphics2D g, String text, int width, int maxLines) {
    FontMetrics metrics = g.getFontMetrics();
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length() && lines.size() < maxLines) {
      int end = start;
      while (end < text.length()
          && metrics.stringWidth(text.substring(start, text.offsetByCodePoints(end, 1))) <= width) {
        end = text.offsetByCodePoints(end, 1);
      }
      if (end == start) {
        end = text.offsetByCodePoints(start, 1);
      }
      String line = text.substring(start, end);
      if (lines.size() == maxLines - 1 && end < text.length()) {
        while (!line.isEmpty() && metrics.stringWidth(line + "…") > width) {
          line = line.substring(0, line.offsetByCodePoints(line.length(), -1));
        }
        line = line + "…";
      }
      lines.add(line);
      start = end;
    }
    return lines;
  }

  private static Font loadFont() {
    try (InputStream in =
        SharePoster.class.getResourceAsStream("/fonts/NotoSansSC-Regular-GB2312.ttf")) {
      if (in == null) {
        throw new IllegalStateException("the poster font is missing from the classpath (/fonts)");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (FontFormatException e) {
      throw new IllegalStateException("the poster font cannot be read", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
