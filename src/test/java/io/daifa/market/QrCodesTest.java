package io.daifa.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.common.QrCodes;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every code the router draws reads back, as a phone's reader would read it. */
class QrCodesTest {

  @Test
  void linksWhoseFirstCodeTheReaderCouldNotReadReadBack() throws Exception {
    // Drawn with the writer's own choice of mask, ZXing's reader failed on each of these.
    for (String url :
        new String[] {
          "http://127.0.0.1:49034/shops/shp_5zfxdetu5pj3t7g3whdm/products/prd_pvgf7h66h4vls6in4qor.tea-1",
          "http://127.0.0.1:36828/shops/shp_c7v4grvkad7tqgog4exr/products/prd_tvsl6vhowavk2eokrqkw.tea-1",
          "http://127.0.0.1:45883/shops/shp_mn6k44e6g7imtanm2kbd/products/prd_tgrotq5uqum46tc2ul4k.tea-1"
        }) {
      assertEquals(url, QrDecoding.decode(QrCodes.image(url, 300)));
    }
  }

  @Test
  void fiveHundredShareLinksReadBack() throws Exception {
    Random random = new Random(7);
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    for (int i = 0; i < 500; i++) {
      StringBuilder shop = new StringBuilder("shp_");
      StringBuilder product = new StringBuilder("prd_");
      for (int k = 0; k < 20; k++) {
        shop.append(alphabet.charAt(random.nextInt(alphabet.length())));
        product.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String url = "https://shop.example/shops/" + shop + "/products/" + product + ".tea-1";
      assertEquals(url, QrDecoding.decode(QrCodes.image(url, 300)));
    }
  }
}
