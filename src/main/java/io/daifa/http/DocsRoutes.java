package io.daifa.http;

import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /docs}: Swagger UI on the router's own {@code /openapi.yaml}, open to all like the
 * document itself. The page and its start-up script are ours ({@code docs/}); Swagger UI's files
 * come from the {@code org.webjars:swagger-ui} jar on the classpath, so nothing is fetched from a
 * CDN. The "Authorize" button takes an API key as the bearer token the document declares.
 */
final class DocsRoutes extends AllDirectives {

  /** Where the webjar keeps its files; the version is the pom's {@code swagger-ui.version}. */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";

  Route routes() {
    return get(
        () ->
            concat(
                path(
                    "docs",
                    () ->
                        redirect(
                            org.apache.pekko.http.javadsl.model.Uri.create("/docs/"),
                            StatusCodes.MOVED_PERMANENTLY)),
                pathPrefix(
                    "docs",
                    () ->
                        concat(
                            pathSingleSlash(() -> getFromResource("docs/index.html")),
                            path("init.js", () -> getFromResource("docs/init.js")),
                            getFromResourceDirectory(SWAGGER_UI)))));
  }
}
