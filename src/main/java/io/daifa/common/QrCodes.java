package io.daifa.common;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes of links (invites, share posters), as images. */
public final class QrCodes {

  private static final int MASK_PATTERNS = 8;

  private QrCodes() {}

  /**
   * {@code text} as a black-on-white QR code of {@code size} pixels square, one that ZXing's reader
   * reads back. It failed to read about one in 80 of its writer's codes of our links, each a
   * perfect image (38 of 3,000 share-poster links; MarketIT failed on one in a clean-clone run):
   * each of those read with one of the other seven mask patterns, so the masks are tried in turn
   * until one does.
   */
  public static BufferedImage image(String text, int size) {
    BufferedImage image = image(encode(text, size, null));
    for (int mask = 0; mask < MASK_PATTERNS && !readsBack(image, text); mask++) {
      image = image(encode(text, size, mask));
    }
    return image;
  }

  private static BitMatrix encode(String text, int size, Integer mask) {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
    hints.put(EncodeHintType.MARGIN, 2);
    if (mask != null) {
      hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
    }
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints);
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode " + text, e);
    }
  }

  private static BufferedImage image(BitMatrix matrix) {
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
      }
    }
    return image;
  }

  private static boolean readsBack(BufferedImage image, String text) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    try {
      return text.equals(
          new QRCodeReader()
              .decode(
                  new BinaryBitmap(
                      new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))))
              .getText());
    } catch (ReaderException e) {
      return false;
    }
  }

  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
