package dev.tasker.orchestrator.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts one PostgreSQL connection URL between the reactive client form and the JDBC form.
 *
 * <p>Reactive (Vert.x PostgreSQL client) form, following the libpq connection URI
 * (PostgreSQL manual, "Connection URIs"):
 * {@code [vertx-reactive:]postgresql://[user[:password]@][host][:port][/database][?param=value&...]}, scheme
 * {@code postgresql} or {@code postgres}. JDBC (pgjdbc) form:
 * {@code jdbc:postgresql://host[:port][/database][?param=value&...]}; pgjdbc takes no user info in the URL, so the
 * user and password travel as the datasource's {@code quarkus.datasource.username} and
 * {@code quarkus.datasource.password} instead.
 *
 * <p>The host and port are carried over as written (host names with {@code _}, bracketed IPv6 literals); a missing
 * host becomes {@code localhost}, as the reactive client assumes. The path and the query parameters (for example
 * {@code sslmode=require}) are kept verbatim. User and password are percent-decoded the way the reactive client
 * decodes them ({@link URLDecoder}, UTF-8), so both clients log in with the same credentials.
 *
 * <p>Error messages name the configuration key and the part that is wrong, never the URL itself, which may hold a
 * password.
 */
final class DatasourceUrls {

    private static final String VERTX_PREFIX = "vertx-reactive:";
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final String REACTIVE_FORM =
            "postgresql://[user[:password]@]host[:port][/database][?param=value&...]";

    private DatasourceUrls() {
    }

    /**
     * Derives the JDBC datasource settings from a reactive URL.
     *
     * @param reactiveUrl value of {@code quarkus.datasource.reactive.url}
     * @return configuration values keyed by property name: always {@link DatabaseConfigSourceFactory#JDBC_URL}, plus
     * {@link DatabaseConfigSourceFactory#USERNAME} and {@link DatabaseConfigSourceFactory#PASSWORD} when the URL
     * carries them
     * @throws IllegalArgumentException naming {@code quarkus.datasource.reactive.url} when it is not a URI (for
     *                                  example a space or a bad {@code %} escape), has a
     *                                  scheme other than {@code postgresql}/{@code postgres}, has no {@code //}
     *                                  authority part, has a fragment, or has a port that is not a number in
     *                                  1..65535
     */
    static Map<String, String> jdbcFromReactive(String reactiveUrl) {
        String url = reactiveUrl.startsWith(VERTX_PREFIX) ? reactiveUrl.substring(VERTX_PREFIX.length()) : reactiveUrl;
        URI uri = parse(url);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
            throw invalid("scheme must be 'postgresql' or 'postgres', got " + (scheme == null ? "none" : "'" + scheme + "'"));
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null && !url.startsWith(scheme + "://")) {
            throw invalid("expected '//' after the scheme");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("a fragment ('#...') is not allowed");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        checkPort(hostPort);

        Map<String, String> values = new LinkedHashMap<>();
        values.put(DatabaseConfigSourceFactory.JDBC_URL, JDBC_PREFIX
                + (hostPort.isEmpty() ? "localhost" : hostPort)
                + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!user.isEmpty()) {
                values.put(DatabaseConfigSourceFactory.USERNAME, decode(user));
            }
            if (colon >= 0) {
                values.put(DatabaseConfigSourceFactory.PASSWORD, decode(userInfo.substring(colon + 1)));
            }
        }
        return values;
    }

    /**
     * Derives the reactive URL from a JDBC URL by dropping the {@code jdbc:} prefix; pgjdbc's URL parameters that
     * the reactive client also reads ({@code user}, {@code password}, {@code sslmode}) keep working.
     *
     * @param jdbcUrl value of {@code quarkus.datasource.jdbc.url}
     * @return the reactive URL {@code postgresql://...}
     * @throws IllegalArgumentException naming {@code quarkus.datasource.jdbc.url} when it does not start with
     *                                  {@code jdbc:postgresql://}
     */
    static String reactiveFromJdbc(String jdbcUrl) {
        if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException(DatabaseConfigSourceFactory.JDBC_URL + " must start with '"
                    + JDBC_PREFIX + "' to derive " + DatabaseConfigSourceFactory.REACTIVE_URL
                    + " from it; set both URLs explicitly otherwise");
        }
        return jdbcUrl.substring("jdbc:".length());
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            // the exception message repeats the input, which may hold a password: report reason and position only
            throw invalid(e.getReason() + " at character " + (e.getIndex() + 1));
        }
    }

    private static void checkPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < hostPort.lastIndexOf(']')) {
            return;
        }
        String port = hostPort.substring(colon + 1);
        boolean valid = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
        if (!valid) {
            throw invalid("port must be a number in 1..65535, got '" + port + "'");
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String reason) {
        return new IllegalArgumentException(DatabaseConfigSourceFactory.REACTIVE_URL + " is not a valid URL of the form "
                + REACTIVE_FORM + ": " + reason);
    }
}
