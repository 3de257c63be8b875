package dev.dangol.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the Redis store, one per atomic step of {@link QueueStore}. Each is {@code redis/prelude.lua}
 * (the key layout, the waiter record, shared functions) followed by its own file, and is run by its SHA-1.
 */
enum RedisQueueScript {
    SET_UP("set-up"),
    JOIN("join"),
    TOUCH("touch"),
    COUNTERS("counters"),
    RECORD_ESTIMATE("record-estimate"),
    OPEN_BEGIN("open-begin"),
    OPEN_BATCH("open-batch"),
    OPEN_FINISH("open-finish"),
    ADMIT("admit"),
    BEGIN_CHECKOUT("begin-checkout"),
    CHECKOUT_PAID("checkout-paid"),
    CHECKOUT_FAILED("checkout-failed"),
    RELEASE("release"),
    TAKE_FROM_POOL("take-from-pool"),
    RETURN_TO_POOL("return-to-pool"),
    REBASE_POOL("rebase-pool"),
    SET_PAUSED("set-paused"),
    SET_RATE_CAP("set-rate-cap");

    private final String source;
    private final String sha;

    RedisQueueScript(String file) {
        source = read("prelude") + "\n" + read(file);
        try {
            sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    String source() {
        return source;
    }

    /** The SHA-1 Redis knows the script by. */
    String sha() {
        return sha;
    }

    private static String read(String file) {
        String name = "redis/" + file + ".lua";
        try (InputStream in = RedisQueueScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the script " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the script " + name, e);
        }
    }
}
