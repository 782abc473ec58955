package io.daifa.market;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;

/** Reads the QR code in an image, as a phone would, for the tests of posters and invites. */
public final class QrDecoding {

  private QrDecoding() {}

  public static String decode(BufferedImage image)
      throws NotFoundException, ChecksumException, FormatException {
    return new QRCodeReader()
        .decode(new BinaryBitmap(new HybridBinarizer(luminance(image))))
        .getText();
  }

  /** An image's grey levels, as ZXing's decoder reads them (its javase module is not needed). */
  private static LuminanceSource luminance(BufferedImage image) {
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
}
