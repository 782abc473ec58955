package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import io.daifa.market.QrDecoding;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product market on a real router and Cassandra (SPEC §9): suppliers and the platform list,
 * shops browse, pick (bound and routed at once), sell, share and withdraw; every node's index
 * follows the listings through the market tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  private HttpTestServer server;
  private ApiClient api;

  record Account(String id, String key) {}

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> config = HttpTestServer.config("market");
    config.put("daifa.entities.sales-tally-every", "300ms");
    server = new HttpTestServer(config, new ShiftedClock());
    api = server.api;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Account newShop(String name) {
    Answer created = api.post("/v1/shops", ADMIN, "{\"name\":\"" + name + "\"}");
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text("shopId"), created.text("apiKey"));
  }

  private Account newSupplier() {
    Answer created =
        api.post("/v1/suppliers", ADMIN, "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}");
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text("supplierId"), created.text("apiKey"));
  }

  private static String listing(String spu, String title, String category, long price, int rate) {
    return "{\"spuId\":\""
        + spu
        + "\",\"title\":\""
        + title
        + "\",\"category\":\""
        + category
        + "\",\"price\":"
        + price
        + ",\"commissionRateBp\":"
        + rate
        + ",\"sourcePlatform\":\"SUPPLIER\",\"skus\":[{\"skuId\":\""
        + spu
        + "-red\",\"price\":"
        + price
        + "}]}";
  }

  private String list(Account supplier, String body) {
    Answer listed = api.post("/v1/market/products", supplier.key(), body);
    assertEquals(201, listed.status(), listed.toString());
    return listed.text("productId");
  }

  private JsonNode search(String key, String query) {
    Answer page = api.get("/v1/market/products?" + query, key);
    assertEquals(200, page.status(), page.toString());
    return page.json();
  }

  private static List<String> spus(JsonNode page) {
    List<String> spus = new ArrayList<>();
    page.get("products").forEach(p -> spus.add(p.get("spuId").asText()));
    return spus;
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** First: it browses the whole market, which the other test adds to. */
  @Test
  @Order(1)
  void shouldListBrowsePickRouteShareAndWithdraw() throws Exception {
    Account supplier = newSupplier();
    Account platformSupplier = newSupplier();
    Account shop = newShop("茶馆");
    String tea = list(supplier, listing("tea-1", "西湖龙井 明前茶 250g", "food", 25_800, 1_000));
    String mug = list(supplier, listing("mug-1", "Ceramic Tea Mug", "home", 3_900, 2_000));
    String jd =
        list(
            new Account(null, ADMIN),
            "{\"spuId\":\"jd-88\",\"title\":\"京东 保温杯\",\"category\":\"home\",\"price\":9900,"
                + "\"commissionRateBp\":800,\"sourcePlatform\":\"JD\",\"supplierId\":\""
                + platformSupplier.id()
                + "\"}");
    assertTrue(jd.startsWith("prd_") && !jd.equals(tea) && !jd.equals(mug));
    assertEquals(
        201,
        api.post(
                "/v1/market/products",
                supplier.key(),
                listing("tea-1", "西湖龙井 明前茶 250g", "food", 25_800, 1_000))
            .status(),
        "a retried listing is answered as the first");

    // Every account browses; the index shows the listings a moment later.
    JsonNode all =
        ApiClientAwait.answer(
                () -> api.get("/v1/market/products?sort=price", shop.key()),
                a -> a.status() == 200 && a.json().get("products").size() >= 3,
                Duration.ofMillis(200))
            .json();
    assertEquals(List.of("mug-1", "jd-88", "tea-1"), spus(all));
    assertEquals(2_580, all.get("products").get(2).get("commissionPerUnit").asLong());
    assertEquals(List.of("tea-1"), spus(search(shop.key(), "q=" + q("龙井"))));
    assertEquals(List.of("jd-88"), spus(search(supplier.key(), "sourcePlatform=JD")));
    assertEquals(
        List.of("mug-1"), spus(search(shop.key(), "category=home&minCommissionRateBp=1500")));
    JsonNode first = search(shop.key(), "sort=commission&limit=2");
    assertEquals(List.of("tea-1", "jd-88"), spus(first), "2,580 and 792 fen per unit");
    JsonNode second =
        search(shop.key(), "sort=commission&limit=2&after=" + first.get("next").asText());
    assertEquals(List.of("mug-1"), spus(second));
    assertTrue(second.get("next").isNull());
    JsonNode categories = api.get("/v1/market/categories", shop.key()).json();
    assertTrue(categories.get("categories").toString().contains("服饰内衣"));

    // The pick binds and routes at once; an order of the SPU goes to the supplier.
    Answer picked =
        api.post(
            "/v1/shops/" + shop.id() + "/market-picks",
            shop.key(),
            "{\"productId\":\"" + tea + "\"}");
    assertEquals(201, picked.status(), picked.toString());
    assertEquals(2_580, picked.json().get("commissionPerUnit").asLong());
    JsonNode bound = api.get("/v1/shops/" + shop.id() + "/suppliers", shop.key()).json();
    assertEquals("MARKET_PICK", bound.get(0).get("via").asText());
    Answer order =
        api.post("/v1/orders", INGEST, OrderBodies.order("m-1", shop.id(), "tea-1", "other"));
    assertEquals(202, order.status(), order.toString());
    assertEquals(
        supplier.id(), order.json().get("dropshipOrders").get(0).get("supplierId").asText());
    JsonNode view =
        ApiClientAwait.answer(
                () -> api.get("/v1/orders/m-1", shop.key()),
                a -> a.status() == 200,
                Duration.ofMillis(200))
            .json();
    assertEquals(1_000, view.get("lines").get(0).get("commissionRateBp").asInt());
    assertTrue(view.get("lines").get(1).get("commissionRateBp").isNull(), "not a market line");
    JsonNode goods = api.get("/v1/shops/" + shop.id() + "/market-picks", shop.key()).json();
    assertEquals(tea, goods.get("picks").get(0).get("productId").asText());
    assertTrue(goods.get("picks").get(0).get("listed").asBoolean());

    // Its sales reach the market: two units of tea-1.
    ApiClientAwait.answer(
        () -> api.get("/v1/market/products?q=" + q("龙井"), shop.key()),
        a -> a.json().get("products").get(0).get("sales").asLong() == 2,
        Duration.ofMillis(200));
    assertEquals(
        List.of("tea-1"), spus(search(shop.key(), "sort=sales&limit=1")), "the best seller first");

    // The poster carries the shop's product link as a QR code.
    Answer poster =
        api.get("/v1/shops/" + shop.id() + "/market-picks/" + tea + "/poster.png", shop.key());
    assertEquals(200, poster.status());
    assertEquals("image/png", poster.contentType());
    var image = ImageIO.read(new ByteArrayInputStream(poster.raw().body()));
    String link = QrDecoding.decode(image);
    assertTrue(link.endsWith("/shops/" + shop.id() + "/products/" + tea), link);

    // Figures of the month, for the shop and the supplier.
    JsonNode shopStats =
        api.get("/v1/shops/" + shop.id() + "/stats?month=2026-11", shop.key()).json();
    assertEquals(2 * 19_800, shopStats.get("gmv").asLong());
    assertEquals(19_800, shopStats.get("bySupplier").get(supplier.id()).asLong());
    assertEquals(19_800, shopStats.get("unallocated").asLong());
    JsonNode supplierStats =
        api.get("/v1/suppliers/" + supplier.id() + "/stats?month=2026-11", ADMIN).json();
    assertEquals(19_800, supplierStats.get("gmv").asLong());
    assertEquals(2, supplierStats.get("units").asLong());

    // Shipped and received in November, settled on the cycle: the shop earns 10 % of the line's
    // settlement base (19,800 paid + 500 influencer discount), shown in the summary and its CSV.
    String orders = "/v1/suppliers/" + supplier.id() + "/orders/m-1";
    ApiClientAwait.answer(
        () -> api.post(orders + "/accept", supplier.key(), null),
        a -> a.status() == 200,
        Duration.ofMillis(200));
    assertEquals(
        200,
        api.post(orders + "/ship", supplier.key(), "{\"carrier\":\"SF\",\"trackingNo\":\"SF-9\"}")
            .status());
    assertEquals(
        200,
        api.post(
                "/v1/orders/m-1/receipt",
                INGEST,
                "{\"supplierId\":\""
                    + supplier.id()
                    + "\",\"receivedAt\":\"2026-11-15T10:00:00+08:00\"}")
            .status());
    ApiClientAwait.answer(
        () -> api.get("/v1/orders/m-1", shop.key()),
        a -> a.json().get("lines").get(0).get("status").asText().equals("RECEIVED"),
        Duration.ofMillis(200));
    Answer settled = api.post("/v1/settlements", ADMIN, "{\"cycle\":\"2026-11\"}");
    assertEquals(200, settled.status(), settled.toString());
    assertEquals(2_030, settled.json().get("commission").asLong(), settled.toString());
    String shopsCsv = api.get("/v1/settlements/2026-11/shops.csv", ADMIN).body();
    assertTrue(
        shopsCsv.startsWith(
            "cycle,shopId,settledLines,base,paymentFee,serviceFee,net,commission,clawedCommission\n"),
        shopsCsv);
    assertTrue(shopsCsv.contains(shop.id() + ",1,20300,"), shopsCsv);
    assertTrue(shopsCsv.contains(",2030,0\n"), shopsCsv);

    // Delisted: the pick still routes orders; a new pick is refused; the market no longer shows it.
    assertEquals(204, api.delete("/v1/market/products/" + tea, supplier.key()).status());
    Answer late = api.post("/v1/orders", INGEST, OrderBodies.order("m-2", shop.id(), "tea-1"));
    assertEquals(
        supplier.id(), late.json().get("dropshipOrders").get(0).get("supplierId").asText());
    Account other = newShop("Other");
    Answer refused =
        api.post(
            "/v1/shops/" + other.id() + "/market-picks",
            other.key(),
            "{\"productId\":\"" + tea + "\"}");
    assertEquals(409, refused.status(), refused.toString());
    assertEquals("PRODUCT_DELISTED", refused.code());
    ApiClientAwait.answer(
        () -> api.get("/v1/market/products?q=" + q("龙井"), shop.key()),
        a -> a.json().get("products").isEmpty(),
        Duration.ofMillis(200));
    assertFalse(
        api.get("/v1/shops/" + shop.id() + "/market-picks", shop.key())
            .json()
            .get("picks")
            .get(0)
            .get("listed")
            .asBoolean());

    // Removing the pick removes the route.
    assertEquals(
        204, api.delete("/v1/shops/" + shop.id() + "/market-picks/" + tea, shop.key()).status());
    JsonNode allocation = api.get("/v1/shops/" + shop.id() + "/allocation", shop.key()).json();
    assertNull(allocation.get("productRoutes").get("tea-1"));
  }

  @Test
  @Order(2)
  void shouldKeepTheModesExclusiveAndRefuseBadListingsByField() {
    Account supplier = newSupplier();
    Account whole = newSupplier();
    Account shop = newShop("Whole");
    String cup = list(supplier, listing("cup-1", "Cup", "home", 1_000, 100));
    String token = api.post("/v1/shops/" + shop.id() + "/invites", shop.key(), null).text("token");
    assertEquals(
        200,
        api.post("/v1/suppliers/" + whole.id() + "/invites/" + token + "/accept", whole.key(), null)
            .status());
    assertEquals(
        200,
        api.put(
                "/v1/shops/" + shop.id() + "/allocation/mode",
                shop.key(),
                "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + whole.id() + "\"}")
            .status());
    Answer conflict =
        api.post(
            "/v1/shops/" + shop.id() + "/market-picks",
            shop.key(),
            "{\"productId\":\"" + cup + "\"}");
    assertEquals(409, conflict.status(), conflict.toString());
    assertEquals("MODE_CONFLICT", conflict.code());
    assertTrue(conflict.text("detail").contains("WHOLE_SHOP"), conflict.toString());

    record Bad(String key, String body, int status, String field) {}
    String good = listing("x-1", "X", "home", 100, 0);
    for (Bad bad :
        List.of(
            new Bad(supplier.key(), good.replace("\"home\"", "\"weapons\""), 422, "category"),
            new Bad(supplier.key(), good.replace("\"price\":100", "\"price\":0"), 422, "price"),
            new Bad(
                supplier.key(),
                good.replace("\"commissionRateBp\":0", "\"commissionRateBp\":9001"),
                422,
                "commissionRateBp"),
            new Bad(supplier.key(), good.replace("\"X\"", "\"a\\u0007b\""), 422, "title"),
            new Bad(supplier.key(), good.replace("\"spuId\":\"x-1\",", ""), 422, "spuId"),
            new Bad(supplier.key(), good.replace("SUPPLIER", "TAOBAO"), 422, "sourcePlatform"),
            new Bad(
                supplier.key(),
                good.replace("}]}", "}],\"supplierId\":\"" + whole.id() + "\"}"),
                403,
                "supplierId"),
            new Bad(shop.key(), good, 403, null),
            new Bad(ADMIN, good, 422, "supplierId"))) {
      Answer answer = api.post("/v1/market/products", bad.key(), bad.body());
      assertEquals(bad.status(), answer.status(), bad + " -> " + answer);
      assertEquals(bad.field(), answer.text("field"), bad + " -> " + answer);
    }
    Answer query = api.get("/v1/market/products?sort=rating", shop.key());
    assertEquals(422, query.status());
    assertEquals("sort", query.text("field"));
    assertEquals("maxPrice", api.get("/v1/market/products?maxPrice=-1", shop.key()).text("field"));
    assertEquals("colour", api.get("/v1/market/products?colour=red", shop.key()).text("field"));
    assertEquals(403, api.put("/v1/market/products/" + cup, whole.key(), "{\"price\":5}").status());
    Answer changed = api.put("/v1/market/products/" + cup, supplier.key(), "{\"price\":900}");
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(900, changed.json().get("price").asLong());

    // A shop that picked the cup hears of its new commission rate; its later orders carry it.
    Account picker = newShop("Picker");
    assertEquals(
        201,
        api.post(
                "/v1/shops/" + picker.id() + "/market-picks",
                picker.key(),
                "{\"productId\":\"" + cup + "\"}")
            .status());
    assertEquals(
        200,
        api.put("/v1/market/products/" + cup, supplier.key(), "{\"commissionRateBp\":500}")
            .status());
    ApiClientAwait.answer(
        () -> api.get("/v1/shops/" + picker.id() + "/market-picks", picker.key()),
        a -> a.json().get("picks").get(0).get("commissionRateBp").asInt() == 500,
        Duration.ofMillis(200));
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order("c-1", picker.id(), "cup-1")).status());
    ApiClientAwait.answer(
        () -> api.get("/v1/orders/c-1", picker.key()),
        a ->
            a.status() == 200
                && a.json().get("lines").get(0).get("commissionRateBp").asInt() == 500,
        Duration.ofMillis(200));
    assertEquals(
        "productId", api.get("/v1/market/products/not-a-product", shop.key()).text("field"));
  }
}
