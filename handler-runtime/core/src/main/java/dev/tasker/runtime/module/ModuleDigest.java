package dev.tasker.runtime.module;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Module digests: {@code sha256:<64 lowercase hex>} of the module bytes (SHA-256, FIPS 180-4). */
public final class ModuleDigest {

    /** Prefix of every digest. */
    public static final String PREFIX = "sha256:";

    /** Pattern a well-formed digest matches. */
    public static final Pattern PATTERN = Pattern.compile("^sha256:[0-9a-f]{64}$");

    private ModuleDigest() {}

    /**
     * @param bytes the module bytes
     * @return {@code sha256:} followed by the 64 lowercase hex digits of the SHA-256 of {@code bytes}
     */
    public static String of(byte[] bytes) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * @param digest a digest string
     * @return the 64 hex digits after {@link #PREFIX}
     * @throws IllegalArgumentException if {@code digest} does not match {@link #PATTERN}
     */
    public static String hex(String digest) {
        if (digest == null || !PATTERN.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a module digest (expected sha256:<64 lowercase hex>): " + digest);
        }
        return digest.substring(PREFIX.length());
    }
}
