package io.logcast.gateway.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The admin page's files (plain HTML, JS and CSS in the jar under {@value #WEBROOT}), served on the
 * management port. Its headers keep it from loading anything but its own files and from being framed:
 * the page holds the admin key while it is open.
 */
final class AdminPage {
  static final String WEBROOT = "management/admin";

  private AdminPage() {}

  /** {@code /admin} → {@code /admin/}: the page's relative links need the trailing slash. */
  static void toDirectory(RoutingContext ctx) {
    if (ctx.request().path().equals("/admin")) {
      ctx.redirect("/admin/");
    } else {
      ctx.next();
    }
  }

  static void secureHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
